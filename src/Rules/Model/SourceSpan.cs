namespace CanaryGuard.Rules.Model;

/// <summary>A region of a source file, 1-based, end column exclusive (as SARIF and editors count).</summary>
public readonly record struct SourceSpan(string File, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public override string ToString() => $"{File}({StartLine},{StartColumn})";
}
