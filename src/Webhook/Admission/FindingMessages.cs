using System.Text;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Webhook.Admission;

/// <summary>How findings read in an admission response: a denial message block, and kubectl warnings.</summary>
public static class FindingMessages
{
    /// <summary>The API server cuts longer warnings mid-word; each one is made to fit before it is sent.</summary>
    public const int MaxWarningLength = 120;

    public const int MaxWarnings = 20;

    private const string Ellipsis = "...";

    /// <summary>One line per finding, <c>CG1013 spec.analysis: message</c>, under a line saying what was denied.</summary>
    public static string Denial(string subject, DiagnosticSeverity denyAt, IReadOnlyList<Diagnostic> findings)
    {
        var count = findings.Count == 1 ? "1 finding" : $"{findings.Count} findings";
        var lines = findings.Select(Full);
        return $"CanaryGuard denied {subject}: {count} at or above {denyAt.ToText()}\n{string.Join('\n', lines)}";
    }

    /// <summary>Each line made to fit (<see cref="Shorten"/>), at most 20, then "and N more".</summary>
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

    /// <summary>
    /// <c>CGxxxx: message</c>, or the descriptor's short admission form when the message does not fit, and always
    /// for a finding that rests on an absence (at admission that reads "not found yet", never "does not exist").
    /// </summary>
    public static string Warning(Diagnostic finding)
    {
        var full = $"{finding.Id}: {finding.Message}";
        return finding.RestsOnAbsence || !Fits(full) ? $"{finding.Id}: {finding.AdmissionMessage}" : full;
    }

    /// <summary>The full text (<see cref="Full"/>) of the findings whose warning says less than their message.</summary>
    public static IReadOnlyList<string> Shortened(IEnumerable<Diagnostic> findings) =>
        [.. findings.Where(f => Shorten(Warning(f)) != $"{f.Id}: {f.Message}").Select(Full)];

    /// <summary>The line, or when it is longer than <see cref="MaxWarningLength"/> (in UTF-8 bytes, as the API server counts), cut at the last word that fits and ended with "...".</summary>
    public static string Shorten(string line)
    {
        if (Fits(line))
        {
            return line;
        }

        var keep = MaxWarningLength - Ellipsis.Length;
        while (Encoding.UTF8.GetByteCount(line.AsSpan(0, keep)) > MaxWarningLength - Ellipsis.Length)
        {
            keep--;
        }

        // At the last space, unless that throws away more than half the line (one very long word: then mid-word).
        var space = line.LastIndexOf(' ', keep);
        var cut = space > keep / 2 ? space : keep;
        if (char.IsHighSurrogate(line[cut - 1]))
        {
            cut--;
        }

        return string.Concat(line.AsSpan(0, cut).TrimEnd(" ,;:"), Ellipsis);
    }

    private static bool Fits(string line) => Encoding.UTF8.GetByteCount(line) <= MaxWarningLength;

    private static string Full(Diagnostic finding) =>
        string.IsNullOrEmpty(finding.Path) ? $"{finding.Id}: {finding.Message}" : $"{finding.Id} {finding.Path}: {finding.Message}";
}
