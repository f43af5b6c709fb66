namespace CanaryGuard.Linter.Output;

/// <summary>The output formats by name.</summary>
internal static class ReportWriters
{
    public static string[] Names { get; } = ["text", "json", "sarif", "github", "markdown", "policyreport", "openreports", "checkstyle", "junit", "gitlab"];

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
            _ => new TextReportWriter(colour, quiet),
        };
    }
}
