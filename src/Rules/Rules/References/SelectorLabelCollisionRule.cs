using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2003: Flagger derives the primary's labels from the selector label value, so it must be unique and match the name.</summary>
public sealed class SelectorLabelCollisionRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2003",
        "Selector label value differs from the workload name or is shared",
        "selector label {0}={1} is also used by {2} '{3}' in namespace '{4}': the Services Flagger generates select both workloads' pods",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        "Flagger labels the primary's pods <value>-primary and points the generated Services at <value> and <value>-primary. A selector label value shared with another workload, or differing from the workload's name, makes those Services select the wrong pods.");

    public static readonly DiagnosticDescriptor NameMismatch = new(
        "CG2003",
        Rule.Title,
        "selector label {0}={1} differs from the {2} name '{3}': Flagger labels the primary '{1}-primary' and the generated Services select by the label, not the name",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, NameMismatch];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.CanaryInputs, ReadKinds.Deployment, ReadKinds.DaemonSet];

    public override bool AppliesTo(KubernetesResource resource) => DeploymentView.IsWorkload(resource);

    public override void Analyze(RuleContext context)
    {
        if (DeploymentView.From(context.Resource) is not { } workload
            || SelectorLabels.Key(workload, context.Policy) is not { } key
            || workload.MatchLabels?.Scalar(key) is not { IsNull: false } valueNode
            || ResourceQueries.CanariesTargeting(context, context.Resource).Count == 0)
        {
            return;
        }

        var value = valueNode.Value;
        if (value != workload.Name)
        {
            context.Report(NameMismatch, valueNode, key, value, workload.Kind, workload.Name);
        }

        var byLabel = new ResourceIndex($"spec.selector.matchLabels[{key}]", r => DeploymentView.From(r)?.MatchLabels?.String(key));
        var sharing = context.Lookup.ListBy(DeploymentView.Group, DeploymentView.DeploymentKind, context.Namespace, byLabel, value)
            .Concat(context.Lookup.ListBy(DeploymentView.Group, DeploymentView.DaemonSetKind, context.Namespace, byLabel, value))
            .Select(DeploymentView.From).OfType<DeploymentView>()
            .FirstOrDefault(other => !IsSameWorkload(other, workload));
        if (sharing is not null)
        {
            context.ReportRelated(Rule, valueNode, sharing.Resource, key, value, sharing.Kind, sharing.Name, context.Namespace);
        }
    }

    // Two definitions of one workload (e.g. the same Deployment in two overlays) are not a collision.
    private static bool IsSameWorkload(DeploymentView other, DeploymentView workload) =>
        other.Kind == workload.Kind && other.Name == workload.Name;
}
