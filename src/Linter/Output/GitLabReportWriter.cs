using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// <c>--format gitlab</c>: GitLab's Code Quality report (a JSON array, <c>artifacts:reports:codequality</c>), shown
/// in merge request widgets and diffs. GitLab requires a line; a file-level finding (no span) is put on line 1.
/// </summary>
internal sealed class GitLabReportWriter(ReportContext context) : IReportWriter
{
    /// <summary>Readable output: quotes and angle brackets are not escaped (the files are not embedded in HTML).</summary>
    private static readonly GitLabJsonContext Json = new(new JsonSerializerOptions(GitLabJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public void Write(LintReport report, TextWriter output)
    {
        var issues = report.Result.Reported
            .Where(d => d.File != "-")
            .Select(d => new CodeQualityIssue(
                $"{d.Id}: {ReportText.MessageWithResource(d)}",
                d.Id,
                Fingerprints.Hash(d.Id, context.RelativePath(d.File), Fingerprints.ResourceKey(d), d.Path, d.Message),
                Severity(d.Severity),
                new CodeQualityLocation(context.RelativePath(d.File)!, new CodeQualityLines(d.Span?.StartLine ?? 1, d.Span?.EndLine ?? 1))))
            .ToList();
        output.WriteLine(JsonSerializer.Serialize(issues, Json.ListCodeQualityIssue));
    }

    private static string Severity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "major",
        DiagnosticSeverity.Warning => "minor",
        _ => "info",
    };
}

internal sealed record CodeQualityIssue(string Description, string CheckName, string Fingerprint, string Severity, CodeQualityLocation Location);

internal sealed record CodeQualityLocation(string Path, CodeQualityLines Lines);

internal sealed record CodeQualityLines(int Begin, int End);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(List<CodeQualityIssue>))]
internal sealed partial class GitLabJsonContext : JsonSerializerContext;
