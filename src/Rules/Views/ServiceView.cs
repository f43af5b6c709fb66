using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Views;

/// <summary>A read-only view of a core <c>v1</c> Service.</summary>
public sealed class ServiceView
{
    public const string Group = "";
    public const string KindName = "Service";

    private ServiceView(KubernetesResource resource, MappingNode? spec)
    {
        Resource = resource;
        Spec = spec;
    }

    public KubernetesResource Resource { get; }

    public MappingNode? Spec { get; }

    public MappingNode? Selector => Spec?.Mapping("selector");

    public IReadOnlyList<MappingNode> Ports => field ??= Spec?.Sequence("ports")?.Items.OfType<MappingNode>().ToArray() ?? [];

    public static bool IsService(KubernetesResource resource) => resource.Is(Group, KindName);

    public static ServiceView? From(KubernetesResource? resource) =>
        resource is not null && IsService(resource) ? resource.Derived(static r => new ServiceView(r, r.Spec)) : null;
}
