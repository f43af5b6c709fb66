using CanaryGuard.Rules.Reports;

namespace CanaryGuard.Linter.Output;

/// <summary>The output formats by name.</summary>
internal static class ReportWriters
{
    public static string[] Names { get; } = ["text", "text-gnu", "json", "sarif", "github", "markdown", "policyreport", "openreports", "checkstyle", "junit", "gitlab"];

    /// <summary>
    /// The formats a failed run is still written in, because they say it failed (text and GitHub: the summary line;
    /// Markdown: the verdict; SARIF: <c>executionSuccessful: false</c>). The others would read as a clean result.
    /// </summary>
    public static bool StatesFailure(string format) => format is "text" or "text-gnu" or "github" or "markdown" or "sarif";

    public static IReportWriter Create(string format, bool colour, bool quiet, ReportContext? context = null)
    {
        var reportContext = context ?? new ReportContext { SourceRoot = ReportContext.FindSourceRoot(Directory.GetCurrentDirectory()) };
        return format switch
        {
            "json" => new JsonReportWriter(),
            "sarif" => new SarifReportWriter(reportContext),
            "github" => new GitHubReportWriter(reportContext),
            "markdown" => new MarkdownReportWriter(reportContext),
            "policyreport" => new PolicyReportWriter(reportContext, PolicyReportApi.WgPolicy),
            "openreports" => new PolicyReportWriter(reportContext, PolicyReportApi.OpenReports),
            "checkstyle" => new CheckstyleReportWriter(reportContext),
            "junit" => new JUnitReportWriter(reportContext),
            "gitlab" => new GitLabReportWriter(reportContext),
            "text-gnu" => new TextReportWriter(colour, quiet, gnu: true, reportContext.FieldPathLocations),
            _ => new TextReportWriter(colour, quiet, gnu: false, reportContext.FieldPathLocations),
        };
    }
}
