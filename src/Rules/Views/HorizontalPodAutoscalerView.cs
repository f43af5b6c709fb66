using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Views;

/// <summary>
/// What a Canary's autoscalerRef can name: an <c>autoscaling</c> HorizontalPodAutoscaler or a KEDA
/// (<c>keda.sh</c>) ScaledObject. Both have a spec.scaleTargetRef naming the workload they scale.
/// </summary>
public sealed class HorizontalPodAutoscalerView
{
    public const string HpaGroup = "autoscaling";
    public const string HpaKind = "HorizontalPodAutoscaler";
    public const string KedaGroup = "keda.sh";
    public const string ScaledObjectKind = "ScaledObject";

    private HorizontalPodAutoscalerView(KubernetesResource resource, MappingNode spec)
    {
        Resource = resource;
        Spec = spec;
    }

    public KubernetesResource Resource { get; }

    public MappingNode Spec { get; }

    public MappingNode? ScaleTargetRef => Spec.Mapping("scaleTargetRef");

    /// <summary>The kind of the scaled workload; KEDA defaults an absent kind to Deployment.</summary>
    public string? TargetKind => ScaleTargetRef?.String("kind") ?? (Resource.Kind == ScaledObjectKind ? DeploymentView.DeploymentKind : null);

    public string? TargetName => ScaleTargetRef?.String("name");

    /// <summary>The API group an autoscalerRef of this kind is looked up in; null for kinds Flagger does not support.</summary>
    public static string? GroupOf(string? kind) => kind switch
    {
        HpaKind => HpaGroup,
        ScaledObjectKind => KedaGroup,
        _ => null,
    };

    public static bool IsAutoscaler(KubernetesResource resource) =>
        resource.Is(HpaGroup, HpaKind) || resource.Is(KedaGroup, ScaledObjectKind);

    public static HorizontalPodAutoscalerView? From(KubernetesResource? resource) =>
        resource is not null && IsAutoscaler(resource) && resource.Spec is not null ? resource.Derived(static r => new HorizontalPodAutoscalerView(r, r.Spec!)) : null;

    /// <summary>Whether this autoscaler scales the given workload.</summary>
    public bool Scales(string kind, string? name) => TargetKind == kind && TargetName == name && name is not null;
}
