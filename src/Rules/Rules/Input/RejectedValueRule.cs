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
        var problems = SchemaValidator.ProblemsOf(resource);

        // A version the CRDs do not serve is refused before any validation: one finding says so and names the
        // v1alpha3 fields to rename, instead of a rejected value for each consequence of the old names.
        var renamedTo = new HashSet<string>(StringComparer.Ordinal);
        if (!FlaggerSchema.IsServed(resource) && resource.Root["apiVersion"] is { } apiVersion)
        {
            var renames = problems.Where(p => p.RenamedTo is not null).Select(p => (From: p.Node.Path, To: p.RenamedTo!)).ToList();
            renamedTo.UnionWith(renames.Select(r => r.To));
            var migration = $"; move it to {FlaggerSchema.Group}/{FlaggerSchema.ServedVersion}"
                + (renames.Count == 0 ? string.Empty : " and rename " + string.Join(", ", renames.Select(r => $"{r.From} to {r.To}")));
            context.Report(
                Rule,
                apiVersion,
                $"apiVersion {resource.ApiVersion} is not served by Flagger v1.44's CRDs (only {FlaggerSchema.Group}/{FlaggerSchema.ServedVersion})",
                resource.Kind,
                migration);
        }

        // Checked against v1beta1 whatever the written version: that is the version the manifest must move to.
        foreach (var problem in problems)
        {
            if (problem.Kind == SchemaProblemKind.RejectedValue && !(problem.MissingFields.Count > 0 && problem.MissingFields.All(renamedTo.Contains)))
            {
                context.Report(Rule, problem.Node, problem.Text, resource.Kind, problem.Hint is null ? string.Empty : "; " + problem.Hint);
            }
        }
    }
}
