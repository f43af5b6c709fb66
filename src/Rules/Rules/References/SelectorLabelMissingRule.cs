using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2002: Flagger reads the target's selector through one of its selector labels; without one it stops.</summary>
public sealed class SelectorLabelMissingRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2002",
        "Target selector has no label Flagger reads",
        "spec.selector.matchLabels of {0} '{1}' has none of the selector labels Flagger reads ({2}): Canary '{3}' never initializes",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "Flagger finds the pods of a target through the first of its selector labels (-selector-labels, by default app, name, app.kubernetes.io/name) present in spec.selector.matchLabels. When none is there, it cannot create the primary.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.CanaryInputs];

    public override bool AppliesTo(KubernetesResource resource) => DeploymentView.IsWorkload(resource);

    public override void Analyze(RuleContext context)
    {
        if (DeploymentView.From(context.Resource) is not { } workload)
        {
            return;
        }

        if (SelectorLabels.Key(workload, context.Policy) is not null)
        {
            return;
        }

        if (ResourceQueries.CanariesTargeting(context, context.Resource) is [var canary, ..])
        {
            ManifestNode at = (ManifestNode?)workload.MatchLabels ?? (ManifestNode?)workload.Selector ?? workload.Spec;
            context.Report(Rule, at, workload.Kind, workload.Name, string.Join(", ", context.Policy.SelectorLabels), canary.Resource.Name);
        }
    }
}
