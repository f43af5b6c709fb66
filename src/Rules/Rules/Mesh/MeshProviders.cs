using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Rules.References;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>
/// Which mesh the mesh rules judge a Canary or workload by: the Canary's spec.provider, else the policy's
/// meshProvider, whose default is Flagger v1.44's own <c>-mesh-provider</c> default, istio (cmd/flagger/main.go).
/// </summary>
internal static class MeshProviders
{
    public const string IstioProxy = "istio-proxy";
    public const string LinkerdProxy = "linkerd-proxy";

    private static readonly string[] ContainerLists = ["containers", "initContainers"];

    public static bool IsIstio(CanaryView canary, CanaryGuardPolicy policy) => canary.EffectiveProvider(policy.MeshProvider) == "istio";

    /// <summary>Flagger routes linkerd and smi:linkerd through Linkerd's traffic split (pkg/router/factory.go).</summary>
    public static bool IsLinkerd(CanaryView canary, CanaryGuardPolicy policy) => canary.EffectiveProvider(policy.MeshProvider) is "linkerd" or "smi:linkerd";

    /// <summary>What <see cref="IstioApplies"/> and <see cref="LinkerdInjects"/> look up: the rules calling them declare it.</summary>
    public static IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.CanaryInputs, .. ResourceQueries.NamespaceInputs];

    /// <summary>
    /// Whether the Istio rules apply to a workload: a Canary targeting it routes through Istio, or no Canary in the set
    /// targets it and the mesh-wide provider is Istio.
    /// </summary>
    public static bool IstioApplies(RuleContext context)
    {
        var canaries = ResourceQueries.CanariesTargeting(context, context.Resource);
        return canaries.Count == 0 ? context.Policy.MeshProvider == "istio" : canaries.Any(c => IsIstio(c, context.Policy));
    }

    /// <summary>
    /// Whether Linkerd injects the workload's pods: then a Canary that names no provider runs in a Linkerd mesh, and
    /// the mesh-wide default (istio unless the policy says otherwise) is not evidence enough to judge it by Istio.
    /// </summary>
    public static bool LinkerdInjects(RuleContext context, DeploymentView workload) =>
        HasProxyContainer(workload, LinkerdProxy)
        || LinkerdInjection.Decide(ResourceQueries.NamespaceAnnotations(context, context.Namespace), NamespaceView.ScalarMap(workload.PodAnnotations)).Outcome == InjectionOutcome.Injected;

    /// <summary>
    /// Whether the pod template already holds the mesh's proxy (istioctl kube-inject or linkerd inject output, or a
    /// patch that adds it), as a container or as a native sidecar among the init containers: the injector is then moot.
    /// </summary>
    public static bool HasProxyContainer(DeploymentView workload, string proxyName) =>
        ContainerLists
            .SelectMany(list => workload.PodSpec?.Sequence(list)?.Items ?? [])
            .OfType<MappingNode>()
            .Any(container => container.String("name") == proxyName);
}
