using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.References;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>CG3007: CG3001's counterpart for Linkerd: without the proxy the pods are neither split nor measured.</summary>
public sealed class NoLinkerdProxyRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG3007",
        "Target pods get no Linkerd proxy",
        "pods of {0} '{1}' get no Linkerd proxy ({2}): the builtin metrics return no values and the traffic split does not apply",
        RuleCategories.Mesh,
        DiagnosticSeverity.Error,
        "With the linkerd provider, Flagger shifts traffic with a Linkerd TrafficSplit and reads the builtin metrics from the proxies' telemetry. Pods without the linkerd-proxy are not routed by weight and report nothing, so every analysis finds no values and the canary is rolled back.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { } canary || !MeshProviders.IsLinkerd(canary, context.Policy)
            || ResourceQueries.Target(context, canary) is not { } workload || canary.TargetRef is not { } targetRef
            || MeshProviders.HasProxyContainer(workload, MeshProviders.LinkerdProxy))
        {
            return;
        }

        var (outcome, reason) = LinkerdInjection.Decide(ResourceQueries.NamespaceAnnotations(context, context.Namespace), NamespaceView.ScalarMap(workload.PodAnnotations));
        if (outcome == InjectionOutcome.NotInjected)
        {
            context.Report(Rule, targetRef, workload.Kind, workload.Name, reason);
        }
    }
}
