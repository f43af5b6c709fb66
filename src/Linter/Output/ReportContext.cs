using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// What the report formats beyond text and json need to know about the run: where paths are relative to,
/// which files were linted, how severities were configured, and the format options.
/// </summary>
internal sealed record ReportContext
{
    /// <summary>The folder repository-relative paths are relative to (SARIF's <c>%SRCROOT%</c>).</summary>
    public required string SourceRoot { get; init; }

    /// <summary>The linted inputs as given ("-" for stdin), for formats that list passing files too.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Rules whose severity the policy or the command line changed from the default.</summary>
    public IReadOnlyList<SeverityOverride> SeverityOverrides { get; init; } = [];

    /// <summary>The lowest severity that fails the run (the verdict of the Markdown report).</summary>
    public DiagnosticSeverity FailOn { get; init; } = DiagnosticSeverity.Error;

    /// <summary>SARIF: keep suppressed findings, marked with <c>suppressions[]</c>.</summary>
    public bool IncludeSuppressed { get; init; }

    /// <summary>Markdown: a prefix that turns repository paths into links (a blob URL ending in <c>/</c>).</summary>
    public string? LinkBase { get; init; }

    /// <summary>
    /// <c>audit</c>: a finding's "file" is the object (<c>shop/Canary/web</c>) and has no line; the text formats show
    /// the field path in its place (<c>shop/Canary/web:spec.analysis.threshold</c>).
    /// </summary>
    public bool FieldPathLocations { get; init; }

    /// <summary>The path of a finding's file relative to <see cref="SourceRoot"/>, with forward slashes; null for stdin.</summary>
    public string? RelativePath(string file)
    {
        if (file == "-")
        {
            return null;
        }

        var relative = Path.GetRelativePath(SourceRoot, Path.GetFullPath(file));
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The repository root: the nearest folder up from <paramref name="start"/> holding <c>.git</c>, else <paramref name="start"/>.</summary>
    public static string FindSourceRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, ".git")) || File.Exists(Path.Combine(folder.FullName, ".git")))
            {
                return folder.FullName;
            }
        }

        return Path.GetFullPath(start);
    }
}

/// <summary>A rule's severity as configured, when it differs from the rule's default.</summary>
internal sealed record SeverityOverride(DiagnosticDescriptor Descriptor, DiagnosticSeverity Severity);
