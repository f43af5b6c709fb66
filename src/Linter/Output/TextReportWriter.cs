using System.Globalization;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// MSBuild/Roslyn form, one finding a line, which editors and CI log parsers already understand:
/// <c>path(12,5): warning CG1005: message [shop/web]</c>, then a summary line. With <paramref name="gnu"/>
/// (<c>--format text-gnu</c>) the location is <c>path:12:5</c>, the GNU form of compilers, Vim's quickfix and
/// Emacs' compilation mode. With <paramref name="fieldPaths"/> (<c>audit</c>) a finding without a line is located
/// by its field path: <c>shop/Canary/web:spec.analysis.threshold</c>.
/// </summary>
internal sealed class TextReportWriter(bool colour, bool quiet, bool gnu = false, bool fieldPaths = false) : IReportWriter
{
    public void Write(LintReport report, TextWriter output)
    {
        foreach (var notice in report.Notices)
        {
            output.WriteLine($"notice: {notice}");
        }

        foreach (var diagnostic in report.Result.Reported)
        {
            output.WriteLine(Format(diagnostic, colour, gnu, fieldPaths));
        }

        if (!quiet)
        {
            output.WriteLine(Summary(report, fieldPaths));
        }
    }

    public static string Format(Diagnostic diagnostic, bool colour = false, bool gnu = false, bool fieldPaths = false)
    {
        var location = diagnostic.Span is not { } span ? (fieldPaths && diagnostic.Path.Length > 0 ? $"{diagnostic.File}:{diagnostic.Path}" : diagnostic.File)
            : gnu ? string.Create(CultureInfo.InvariantCulture, $"{diagnostic.File}:{span.StartLine}:{span.StartColumn}")
            : string.Create(CultureInfo.InvariantCulture, $"{diagnostic.File}({span.StartLine},{span.StartColumn})");
        var severity = diagnostic.Severity.ToText();
        if (colour)
        {
            var code = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => "31",
                DiagnosticSeverity.Warning => "33",
                _ => "36",
            };
            severity = $"\u001b[{code}m{severity}\u001b[0m";
        }

        var resource = diagnostic.Resource is null ? string.Empty : $" [{diagnostic.Resource}]";
        return $"{location}: {severity} {diagnostic.Id}: {diagnostic.Message}{resource}";
    }

    /// <summary>The closing line; an audit's (<paramref name="objects"/>) counts the objects it linted, not files.</summary>
    public static string Summary(LintReport report, bool objects = false)
    {
        if (report.Failure is not null)
        {
            // No counts: "0 errors" above a failed run reads as a pass to anyone skimming the log.
            return $"Failed: {report.Failure}: the run did not pass (exit code 2).";
        }

        var result = report.Result;
        var counted = objects ? Count(result.ResourceCount, "object") : $"{Count(result.FileCount, "file")} ({Count(result.ResourceCount, "resource")})";
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{Count(report.Errors, "error")}, {Count(report.Warnings, "warning")}, {report.Infos} info in {counted}");
        return report.Suppressed > 0 ? string.Create(CultureInfo.InvariantCulture, $"{summary}, {report.Suppressed} suppressed") : summary;
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
