using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Webhook.Admission;

/// <summary>How findings read in an admission response: a denial message block, and kubectl warnings.</summary>
public static class FindingMessages
{
    /// <summary>The API server and kubectl show warnings on one line each; longer ones are cut.</summary>
    public const int MaxWarningLength = 119;

    public const int MaxWarnings = 20;

    /// <summary>One line per finding, <c>CG1013 spec.analysis: message</c>, under a line saying what was denied.</summary>
    public static string Denial(string subject, DiagnosticSeverity denyAt, IReadOnlyList<Diagnostic> findings)
    {
        var count = findings.Count == 1 ? "1 finding" : $"{findings.Count} findings";
        var lines = findings.Select(f => string.IsNullOrEmpty(f.Path) ? $"{f.Id}: {f.Message}" : $"{f.Id} {f.Path}: {f.Message}");
        return $"CanaryGuard denied {subject}: {count} at or above {denyAt.ToText()}\n{string.Join('\n', lines)}";
    }

    /// <summary><c>CGxxxx: text</c> per finding, each under 120 characters, at most 20, then "and N more".</summary>
    public static IReadOnlyList<string> Warnings(IEnumerable<string> lines)
    {
        var all = lines.ToList();
        var shown = all.Take(MaxWarnings).Select(Shorten).ToList();
        if (all.Count > MaxWarnings)
        {
            shown.Add($"and {all.Count - MaxWarnings} more");
        }

        return shown;
    }

    public static string Warning(Diagnostic finding) => $"{finding.Id}: {finding.Message}";

    public static string Shorten(string line) =>
        line.Length <= MaxWarningLength ? line : string.Concat(line.AsSpan(0, MaxWarningLength - 3), "...");
}
