using System.Text.Json.Serialization;

namespace CanaryGuard.Linter.Output;

// The subset of SARIF 2.1.0 CanaryGuard writes; property names are the schema's (camelCase).

internal sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<SarifRun> Runs);

internal sealed record SarifRun(
    SarifTool Tool,
    IReadOnlyList<SarifInvocation> Invocations,
    IReadOnlyList<SarifResult> Results,
    string ColumnKind);

internal sealed record SarifTool(SarifDriver Driver);

internal sealed record SarifDriver(
    string Name,
    string SemanticVersion,
    string InformationUri,
    IReadOnlyList<SarifRule> Rules);

internal sealed record SarifRule(
    string Id,
    string Name,
    SarifText ShortDescription,
    SarifText FullDescription,
    SarifHelp Help,
    string HelpUri,
    SarifConfiguration DefaultConfiguration,
    SarifRuleProperties Properties);

internal sealed record SarifText(string Text);

internal sealed record SarifHelp(string Text, string Markdown);

internal sealed record SarifConfiguration(string Level, bool? Enabled = null);

internal sealed record SarifRuleProperties(
    IReadOnlyList<string> Tags,
    string Precision,
    [property: JsonPropertyName("problem.severity")] string ProblemSeverity);

internal sealed record SarifInvocation(
    bool ExecutionSuccessful,
    IReadOnlyList<SarifConfigurationOverride>? RuleConfigurationOverrides,
    IReadOnlyList<SarifNotification>? ToolExecutionNotifications);

internal sealed record SarifConfigurationOverride(SarifDescriptorReference Descriptor, SarifConfiguration Configuration);

internal sealed record SarifDescriptorReference(string Id, int Index);

internal sealed record SarifNotification(string Level, SarifText Message);

internal sealed record SarifResult(
    string RuleId,
    int RuleIndex,
    string Level,
    SarifText Message,
    IReadOnlyList<SarifLocation>? Locations,
    IReadOnlyDictionary<string, string> PartialFingerprints,
    IReadOnlyList<SarifSuppression>? Suppressions);

internal sealed record SarifLocation(SarifPhysicalLocation? PhysicalLocation, IReadOnlyList<SarifLogicalLocation>? LogicalLocations);

internal sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation, SarifRegion? Region);

internal sealed record SarifArtifactLocation(string Uri, string UriBaseId);

internal sealed record SarifRegion(int StartLine, int StartColumn, int EndLine, int EndColumn);

internal sealed record SarifLogicalLocation(string Name, string FullyQualifiedName, string Kind);

internal sealed record SarifSuppression(string Kind, string Status, string? Justification);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SarifLog))]
internal sealed partial class SarifJsonContext : JsonSerializerContext;
