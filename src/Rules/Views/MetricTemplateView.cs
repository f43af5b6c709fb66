using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Views;

/// <summary>A read-only view of a Flagger MetricTemplate (<c>flagger.app/v1beta1</c>).</summary>
public sealed class MetricTemplateView
{
    public const string Group = "flagger.app";
    public const string KindName = "MetricTemplate";

    private MetricTemplateView(KubernetesResource resource, MappingNode spec)
    {
        Resource = resource;
        Spec = spec;
    }

    public KubernetesResource Resource { get; }

    public MappingNode Spec { get; }

    public MappingNode? Provider => Spec.Mapping("provider");

    public string? ProviderType => Provider?.String("type");

    public ScalarNode? Query => Spec.Scalar("query");

    public static bool IsMetricTemplate(KubernetesResource resource) => resource.Is(Group, KindName);

    public static MetricTemplateView? From(KubernetesResource? resource) =>
        resource is not null && IsMetricTemplate(resource) && resource.Spec is not null ? resource.Derived(static r => new MetricTemplateView(r, r.Spec!)) : null;
}
