using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// <c>--format json</c>: a stable, documented shape (docs/json-output.md). Suppressed findings are included,
/// marked, with their justification, and not counted in the summary.
/// </summary>
internal sealed class JsonReportWriter : IReportWriter
{
    public const int SchemaVersion = 1;

    /// <summary>
    /// Messages quote field names ('stepWeight'); the default encoder would write them as \u0027. The report is
    /// data for tools, never embedded in HTML, so only what JSON requires is escaped.
    /// </summary>
    private static readonly JsonSerializerOptions Options =
        new(LinterJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly LinterJsonContext Context = new(Options);

    public void Write(LintReport report, TextWriter output)
    {
        var document = new JsonReport(
            SchemaVersion,
            new JsonTool("canaryguard", ToolVersion.Current),
            new JsonSummary(report.Errors, report.Warnings, report.Infos, report.Suppressed, report.Result.FileCount, report.Result.ResourceCount),
            [.. report.Result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Info).Select(ToJson)],
            report.Notices);
        output.WriteLine(JsonSerializer.Serialize(document, Context.JsonReport));
    }

    private static JsonDiagnostic ToJson(Diagnostic d) => new(
        d.Id,
        d.Severity.ToText(),
        d.Descriptor.Category,
        d.Descriptor.Title,
        d.Message,
        d.File,
        d.Span?.StartLine,
        d.Span?.StartColumn,
        d.Span?.EndLine,
        d.Span?.EndColumn,
        d.Path,
        d.Resource is null ? null : new JsonResource(d.Resource.ApiVersion, d.Resource.Kind, d.Resource.Namespace, d.Resource.Name),
        d.Descriptor.HelpLink.ToString(),
        d.IsSuppressed,
        d.Suppression is null ? null : new JsonSuppression(d.Suppression.Kind.ToString().ToLowerInvariant(), d.Suppression.Justification));
}

internal sealed record JsonReport(
    int SchemaVersion,
    JsonTool Tool,
    JsonSummary Summary,
    IReadOnlyList<JsonDiagnostic> Diagnostics,
    IReadOnlyList<string> Notices);

internal sealed record JsonTool(string Name, string Version);

internal sealed record JsonSummary(int Errors, int Warnings, int Info, int Suppressed, int Files, int Resources);

internal sealed record JsonResource(string ApiVersion, string Kind, string? Namespace, string? Name);

internal sealed record JsonSuppression(string Kind, string? Justification);

internal sealed record JsonDiagnostic(
    string Id,
    string Severity,
    string Category,
    string Title,
    string Message,
    string File,
    int? Line,
    int? Column,
    int? EndLine,
    int? EndColumn,
    string Path,
    JsonResource? Resource,
    string HelpUri,
    bool Suppressed,
    JsonSuppression? Suppression);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonReport))]
internal sealed partial class LinterJsonContext : JsonSerializerContext;
