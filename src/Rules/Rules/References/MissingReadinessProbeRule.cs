using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>
/// CG2004: Flagger waits for the canary to be ready; a pod is ready when all its containers are, so one probed
/// container gates the pod, and without any probe "ready" means "started".
/// </summary>
public sealed class MissingReadinessProbeRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2004",
        "No container of the Canary target has a readinessProbe",
        "no container of {0} '{1}' has a readinessProbe ({2}): Flagger counts its pods ready as soon as they start, so promotion is gated on nothing",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        "Flagger starts the analysis, and promotes, only when the canary and primary pods are ready. A pod is ready when every container is; a container without a readinessProbe is ready when its process starts. When no container has a probe, the pod is ready whether it serves or not; one probed container (the app next to unprobed sidecars) is enough to gate it.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.CanaryInputs];

    public override bool AppliesTo(KubernetesResource resource) => DeploymentView.IsWorkload(resource);

    public override void Analyze(RuleContext context)
    {
        if (DeploymentView.From(context.Resource) is not { Containers: [var first, ..] containers } workload
            || containers.Any(c => c.ReadinessProbe is not null)
            || ResourceQueries.CanariesTargeting(context, context.Resource).Count == 0)
        {
            return;
        }

        context.Report(Rule, first.Anchor, workload.Kind, workload.Name, string.Join(", ", containers.Select(c => c.Name ?? "(unnamed)")));
    }
}
