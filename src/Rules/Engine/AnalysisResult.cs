namespace CanaryGuard.Rules.Engine;

/// <summary>The outcome of a run: every finding (suppressed ones included, marked) in deterministic order.</summary>
public sealed record AnalysisResult(IReadOnlyList<Diagnostic> Diagnostics, int FileCount, int ResourceCount)
{
    public IEnumerable<Diagnostic> Reported => Diagnostics.Where(d => !d.IsSuppressed && d.Severity >= DiagnosticSeverity.Info);

    public int Count(DiagnosticSeverity severity) => Reported.Count(d => d.Severity == severity);
}
