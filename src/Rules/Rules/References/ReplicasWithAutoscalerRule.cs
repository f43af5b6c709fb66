using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2005: spec.replicas on an autoscaled canary target fights the autoscaler on every apply.</summary>
public sealed class ReplicasWithAutoscalerRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2005",
        "Target sets replicas while it is autoscaled",
        "replicas ({0}) is set while {1}: every apply resets the scale the autoscaler chose, and the canary is rescaled after promotion",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        "Flagger scales the canary workload to zero after promotion and hands scaling to the primary's autoscaler. A replicas field in the manifest brings the canary back at that size on the next apply and overrides the autoscaler's choice.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.CanaryInputs, .. ResourceQueries.AutoscalerInputs];

    public override bool AppliesTo(KubernetesResource resource) => resource.Is(DeploymentView.Group, DeploymentView.DeploymentKind);

    public override void Analyze(RuleContext context)
    {
        if (DeploymentView.From(context.Resource) is not { Replicas: { IsNull: false } replicas } workload)
        {
            return;
        }

        var reason = ScaledBy(context, workload);
        if (reason is not null)
        {
            context.Report(Rule, replicas, replicas.Display, reason);
        }
    }

    private static string? ScaledBy(RuleContext context, DeploymentView workload)
    {
        var canaryWithAutoscaler = ResourceQueries.CanariesTargeting(context, context.Resource).FirstOrDefault(c => c.AutoscalerRef is not null);
        if (canaryWithAutoscaler is not null)
        {
            return $"Canary '{canaryWithAutoscaler.Resource.Name}' has an autoscalerRef";
        }

        var autoscaler = ResourceQueries.AutoscalersOf(context, workload.Kind, workload.Name).FirstOrDefault();
        return autoscaler is null ? null : $"{autoscaler.Resource.Kind} '{autoscaler.Resource.Name}' scales this {workload.Kind}";
    }
}
