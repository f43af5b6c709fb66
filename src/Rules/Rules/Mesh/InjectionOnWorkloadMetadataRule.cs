using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>CG3002 (istioctl IST0107): Istio reads injection settings from the pod, never from the Deployment itself.</summary>
public sealed class InjectionOnWorkloadMetadataRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG3002",
        "Injection setting on the workload instead of the pod template",
        "'{0}' is set on the {1}'s own {2}, which Istio never reads: move it to spec.template.metadata.labels",
        RuleCategories.Mesh,
        DiagnosticSeverity.Warning,
        "The sidecar injector sees pods. A sidecar.istio.io/inject or istio.io/rev label or annotation on the Deployment's own metadata has no effect (istioctl IST0107).");

    private static readonly string[] InjectionKeys = [IstioInjection.PodLabel, IstioInjection.RevisionLabel];

    public override IReadOnlyList<ResourceKind> Inputs => MeshProviders.Inputs;

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => DeploymentView.IsWorkload(resource);

    public override void Analyze(RuleContext context)
    {
        if (DeploymentView.From(context.Resource) is not { } workload || !MeshProviders.IstioApplies(context))
        {
            return;
        }

        foreach (var (where, mapping) in new[] { ("labels", workload.Labels), ("annotations", workload.Annotations) })
        {
            foreach (var key in InjectionKeys)
            {
                var onPod = workload.PodLabels?.ContainsKey(key) == true || workload.PodAnnotations?.ContainsKey(key) == true;
                if (mapping?[key] is { } node && !onPod)
                {
                    context.Report(Rule, node, key, workload.Kind, where);
                }
            }
        }
    }
}
