using System.Globalization;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// <c>--format github</c>: GitHub Actions workflow commands (<c>::error file=…,line=…::message</c>), which the
/// runner turns into annotations on the pull request's diff. GitHub shows at most 10 annotations of each level
/// per step, so the rest are counted in one notice instead of silently dropped.
/// </summary>
internal sealed class GitHubReportWriter(ReportContext context) : IReportWriter
{
    public const int MaxPerLevel = 10;

    public void Write(LintReport report, TextWriter output)
    {
        var hidden = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in report.Result.Reported.GroupBy(d => Command(d.Severity)))
        {
            foreach (var diagnostic in group.Take(MaxPerLevel))
            {
                output.WriteLine(Annotation(diagnostic));
            }

            if (group.Count() > MaxPerLevel)
            {
                hidden[group.Key] = group.Count() - MaxPerLevel;
            }
        }

        if (hidden.Count > 0)
        {
            var counts = string.Join(", ", hidden.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Value} more {h.Key}{(h.Value == 1 ? string.Empty : "s")}")));
            output.WriteLine($"::notice title=CanaryGuard::{EscapeData($"{counts} not shown as annotations (GitHub shows {MaxPerLevel} per level); see the full report in the job log or the SARIF upload")}");
        }

        output.WriteLine(TextReportWriter.Summary(report));
    }

    public static string Command(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "notice",
    };

    /// <summary>Escapes a message: <c>%</c>, CR and LF, which would end or corrupt the command.</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a property value: as a message, plus <c>:</c> and <c>,</c>, which separate properties.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private string Annotation(Diagnostic diagnostic)
    {
        var properties = new List<string>();
        if (context.RelativePath(diagnostic.File) is { } file)
        {
            properties.Add($"file={EscapeProperty(file)}");
            if (diagnostic.Span is { } span)
            {
                properties.Add(string.Create(CultureInfo.InvariantCulture, $"line={span.StartLine},endLine={span.EndLine},col={span.StartColumn},endColumn={span.EndColumn}"));
            }
        }

        properties.Add($"title={EscapeProperty(diagnostic.Id)}");
        return $"::{Command(diagnostic.Severity)} {string.Join(',', properties)}::{EscapeData(ReportText.MessageWithResource(diagnostic))}";
    }
}
