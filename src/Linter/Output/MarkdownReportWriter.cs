using System.Globalization;
using System.Text;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// <c>--format markdown</c>: a pull-request comment (or job summary). A one-line verdict, a table of counts per
/// rule, then findings grouped by file with links to their lines; info findings are folded away. GitHub refuses
/// comments over 65,536 characters, so the findings are cut, with a note, to stay under <see cref="MaxLength"/>.
/// </summary>
internal sealed class MarkdownReportWriter(ReportContext context) : IReportWriter
{
    public const int MaxLength = 65_000;

    /// <summary>Room kept for the truncation note and the rounding of the first shrinking pass.</summary>
    private const int Reserve = 600;

    public void Write(LintReport report, TextWriter output)
    {
        var reported = report.Result.Reported.ToList();
        var shown = reported.Count;
        var text = Render(report, reported, shown);
        while (text.Length > MaxLength && shown > 0)
        {
            // Shrink in proportion to the excess; one or two passes suffice since findings are similar in size.
            shown = Math.Min(shown - 1, (int)(shown * (MaxLength - Reserve) / (double)text.Length));
            shown = Math.Max(shown, 0);
            text = Render(report, reported, shown);
        }

        output.Write(text);
    }

    private string Render(LintReport report, List<Diagnostic> reported, int shown)
    {
        var text = new StringBuilder();
        text.Append("## CanaryGuard\n\n").Append(Verdict(report)).Append("\n\n");
        if (reported.Count > 0)
        {
            AppendRuleTable(text, reported);
        }

        foreach (var file in reported.Take(shown).GroupBy(d => d.File, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"### `{context.RelativePath(file.Key) ?? "(standard input)"}`\n\n");
            foreach (var diagnostic in file.Where(d => d.Severity > DiagnosticSeverity.Info))
            {
                text.Append(Line(diagnostic));
            }

            var info = file.Where(d => d.Severity == DiagnosticSeverity.Info).ToList();
            if (info.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n<details><summary>{Plural(info.Count, "info finding")}</summary>\n\n");
                info.ForEach(d => text.Append(Line(d)));
                text.Append("\n</details>\n");
            }

            text.Append('\n');
        }

        if (shown < reported.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"> **Truncated:** {Plural(reported.Count - shown, "more finding")} not shown: a comment is limited to 65,536 characters. Run `canaryguard lint` or open the code scanning results for all of them.\n\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"<sub>{Escape(TextReportWriter.Summary(report))} · CanaryGuard {ToolVersion.Current}</sub>\n");
        return text.ToString();
    }

    private string Verdict(LintReport report)
    {
        if (report.Failure is not null)
        {
            return $":x: **Failed:** {Escape(report.Failure)}. The findings below, if any, are from what could be linted; the run did not pass.";
        }

        var failing = report.Result.Reported.Count(d => context.FailOn != DiagnosticSeverity.None && d.Severity >= context.FailOn);
        if (failing > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $":x: **Failed:** {Plural(failing, "finding")} at or above `{context.FailOn.ToText()}` must be fixed or suppressed before merging.");
        }

        var total = report.Errors + report.Warnings + report.Infos;
        if (total == 0)
        {
            return ":white_check_mark: **Passed:** no findings.";
        }

        return context.FailOn == DiagnosticSeverity.None
            ? string.Create(CultureInfo.InvariantCulture, $":white_check_mark: **Passed** with {Plural(total, "finding")}: this run does not fail on findings (`--fail-on none`).")
            : string.Create(CultureInfo.InvariantCulture, $":white_check_mark: **Passed** with {Plural(total, "finding")} below `{context.FailOn.ToText()}`.");
    }

    private static void AppendRuleTable(StringBuilder text, List<Diagnostic> reported)
    {
        text.Append("| Rule | Title | Errors | Warnings | Info |\n|---|---|---:|---:|---:|\n");
        foreach (var rule in reported.GroupBy(d => d.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var descriptor = rule.First().Descriptor;
            text.Append(CultureInfo.InvariantCulture, $"| [{rule.Key}]({descriptor.HelpLink}) | {Escape(descriptor.Title)} | {rule.Count(d => d.Severity == DiagnosticSeverity.Error)} | {rule.Count(d => d.Severity == DiagnosticSeverity.Warning)} | {rule.Count(d => d.Severity == DiagnosticSeverity.Info)} |\n");
        }

        text.Append('\n');
    }

    private string Line(Diagnostic diagnostic)
    {
        var icon = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => ":x:",
            DiagnosticSeverity.Warning => ":warning:",
            _ => ":information_source:",
        };
        var location = diagnostic.Span is { } span && context.RelativePath(diagnostic.File) is { } path
            ? string.Create(CultureInfo.InvariantCulture, $" [line {span.StartLine}]({context.LinkBase}{path}#L{span.StartLine})")
            : string.Empty;
        var resource = diagnostic.Resource is null ? string.Empty : $" (`{diagnostic.Resource}`)";
        return $"- {icon} **{diagnostic.Id}**{location}: {Escape(diagnostic.Message)}{resource}\n";
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    /// <summary>Keeps finding text from being read as Markdown or HTML (a message may quote YAML with <c>*</c>, <c>|</c>, <c>&lt;</c>).</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#')
            {
                escaped.Append('\\');
            }

            escaped.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\r' or '\n' => " ",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
