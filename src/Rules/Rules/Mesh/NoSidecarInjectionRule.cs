using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.References;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>CG3001: with Istio, the canary's pods must get a sidecar, or the mesh neither routes nor measures them.</summary>
public sealed class NoSidecarInjectionRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG3001",
        "Target pods get no Istio sidecar",
        "pods of {0} '{1}' get no Istio sidecar ({2}): the builtin metrics return no values and the traffic split does not apply",
        RuleCategories.Mesh,
        DiagnosticSeverity.Error,
        "With the istio provider, Flagger shifts traffic through the mesh and reads the builtin metrics from the sidecars' telemetry. Pods without a sidecar are not routed by weight and report nothing, so every analysis finds no values and the canary is rolled back.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.TargetInputs, .. ResourceQueries.NamespaceInputs];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { } canary || !MeshProviders.IsIstio(canary, context.Policy)
            || ResourceQueries.Target(context, canary) is not { } workload || canary.TargetRef is not { } targetRef
            || MeshProviders.HasProxyContainer(workload, MeshProviders.IstioProxy)
            || (canary.Provider is null && MeshProviders.LinkerdInjects(context, workload)))
        {
            return;
        }

        var (outcome, reason) = IstioInjection.Decide(ResourceQueries.NamespaceLabels(context, context.Namespace), NamespaceView.ScalarMap(workload.PodLabels));
        if (outcome == InjectionOutcome.NotInjected)
        {
            context.Report(Rule, targetRef, workload.Kind, workload.Name, reason);
        }
    }
}
