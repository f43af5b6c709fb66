using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2004: Flagger waits for the canary to be ready; without readiness probes "ready" means "started".</summary>
public sealed class MissingReadinessProbeRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2004",
        "Canary target container has no readinessProbe",
        "container '{0}' of {1} '{2}' has no readinessProbe: Flagger counts its pods ready as soon as they start, so promotion is gated on nothing",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        "Flagger starts the analysis, and promotes, only when the canary and primary pods are ready. A container without a readinessProbe is ready when its process starts, whether it serves or not.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.CanaryInputs];

    public override bool AppliesTo(KubernetesResource resource) => DeploymentView.IsWorkload(resource);

    public override void Analyze(RuleContext context)
    {
        if (DeploymentView.From(context.Resource) is not { } workload)
        {
            return;
        }

        var unprobed = workload.Containers.Where(c => c.ReadinessProbe is null).ToList();
        if (unprobed.Count == 0 || ResourceQueries.CanariesTargeting(context, context.Resource).Count == 0)
        {
            return;
        }

        foreach (var container in unprobed)
        {
            context.Report(Rule, container.Anchor, container.Name ?? "(unnamed)", workload.Kind, workload.Name);
        }
    }
}
