using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>
/// CG0004: a Canary or MetricTemplate the API server refuses: an apiVersion Flagger's CRDs do not serve, or a
/// value, missing field or shape the CRD's schema forbids.
/// </summary>
public sealed class RejectedValueRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG0004",
        "Value the API server rejects",
        "{0}: the API server rejects the {1}{2}",
        RuleCategories.Input,
        DiagnosticSeverity.Error,
        "Flagger's CRDs carry an OpenAPI v3 schema the API server validates every write against: types, enums (provider, webhook type), patterns (interval, timeout), required fields (targetRef, analysis, service.port) and the oneOf shapes of analysis. A manifest that breaks it is refused, so the release it belongs to never starts.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) =>
        resource.Group == FlaggerSchema.Group && FlaggerSchema.Kinds.Contains(resource.Kind);

    public override void Analyze(RuleContext context)
    {
        var resource = context.Resource;
        var version = resource.ApiVersion[(resource.ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];
        if (version != FlaggerSchema.ServedVersion && resource.Root["apiVersion"] is { } apiVersion)
        {
            context.Report(
                Rule,
                apiVersion,
                $"apiVersion {resource.ApiVersion} is not served by Flagger v1.44's CRDs (only {FlaggerSchema.Group}/{FlaggerSchema.ServedVersion})",
                resource.Kind,
                string.Empty);
        }

        // Checked against v1beta1 whatever the written version: that is the version the manifest must move to.
        foreach (var problem in SchemaValidator.ProblemsOf(resource))
        {
            if (problem.Kind == SchemaProblemKind.RejectedValue)
            {
                context.Report(Rule, problem.Node, problem.Text, resource.Kind, problem.Hint is null ? string.Empty : "; " + problem.Hint);
            }
        }
    }
}
