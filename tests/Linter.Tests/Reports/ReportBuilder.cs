using CanaryGuard.Linter.Output;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Linter.Tests.Reports;

/// <summary>Hand-made findings for writer tests that need shapes the fixture does not have (many findings, odd text).</summary>
internal static class ReportBuilder
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG9999", "Test rule", "{0}", RuleCategories.Analysis, DiagnosticSeverity.Warning, "A rule for writer tests.");

    public static Diagnostic Finding(string message, DiagnosticSeverity severity = DiagnosticSeverity.Warning, string file = "apps/web.yaml", int? line = 3) => new()
    {
        Descriptor = Rule,
        Severity = severity,
        Message = message,
        File = file,
        Span = line is { } l ? new SourceSpan(file, l, 5, l, 15) : null,
        Path = "spec.analysis.stepWeight",
        Resource = new ResourceIdentity("flagger.app/v1beta1", "Canary", "shop", "web"),
    };

    public static LintReport Report(params Diagnostic[] diagnostics) =>
        new(new AnalysisResult(diagnostics, FileCount: 1, ResourceCount: 1), [.. EngineDiagnostics.All, Rule], []);

    public static ReportContext Context() => new() { SourceRoot = Directory.GetCurrentDirectory() };

    public static string Write(IReportWriter writer, LintReport report)
    {
        using var output = new StringWriter();
        writer.Write(report, output);
        return output.ToString();
    }
}
