namespace CanaryGuard.Rules.Model;

/// <summary>One YAML document of a file: its root (null when empty) and where it starts.</summary>
public sealed record ManifestDocument(int Index, ManifestNode? Root, SourceSpan? Span);

/// <summary>A problem that stopped (part of) a file from being read: a syntax error or a refused input.</summary>
public sealed record ParseProblem(ParseProblemKind Kind, string Message, SourceSpan Span);

public enum ParseProblemKind
{
    /// <summary>CG0001.</summary>
    Syntax,

    /// <summary>CG0008.</summary>
    Unsafe,
}

/// <summary>A comment line of a YAML file; suppression directives are read from these.</summary>
public readonly record struct SourceComment(int Line, int Column, string Text, bool IsWholeLine);

/// <summary>A parsed input file (or stdin, or an admission object): its documents and what went wrong reading it.</summary>
public sealed class ManifestFile
{
    public ManifestFile(string path, IReadOnlyList<ManifestDocument> documents, IReadOnlyList<ParseProblem> problems, IReadOnlyList<SourceComment> comments)
    {
        Path = path;

        // An array of the exact size, not the reader's growing list: every file is kept until the cross-file rules ran.
        Documents = documents.ToArray();
        Problems = problems;
        Comments = comments;
    }

    /// <summary>The path as the user gave it (or "-" for stdin); used verbatim in output.</summary>
    public string Path { get; }

    public IReadOnlyList<ManifestDocument> Documents { get; }

    public IReadOnlyList<ParseProblem> Problems { get; }

    public IReadOnlyList<SourceComment> Comments { get; }
}
