using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Views;

/// <summary>A read-only view of a Flagger Canary (<c>flagger.app/v1beta1</c>) over its manifest tree.</summary>
public sealed class CanaryView
{
    public const string Group = "flagger.app";
    public const string KindName = "Canary";

    private CanaryView(KubernetesResource resource, MappingNode spec)
    {
        Resource = resource;
        Spec = spec;
        Analysis = spec.Mapping("analysis") is { } analysis ? new AnalysisView(analysis) : null;
    }

    public KubernetesResource Resource { get; }

    public MappingNode Spec { get; }

    public MappingNode? TargetRef => Spec.Mapping("targetRef");

    public MappingNode? Service => Spec.Mapping("service");

    public MappingNode? AutoscalerRef => Spec.Mapping("autoscalerRef");

    public AnalysisView? Analysis { get; }

    /// <summary>spec.provider as written, or null (then Flagger uses its <c>-mesh-provider</c>, the policy's meshProvider).</summary>
    public string? Provider => Spec.String("provider");

    public ScalarNode? SkipAnalysis => Spec.Scalar("skipAnalysis");

    public ScalarNode? ProgressDeadlineSeconds => Spec.Scalar("progressDeadlineSeconds");

    public static bool IsCanary(KubernetesResource resource) => resource.Is(Group, KindName);

    /// <summary>The view of a Canary resource with a spec mapping; null for anything else.</summary>
    public static CanaryView? From(KubernetesResource resource) =>
        IsCanary(resource) && resource.Spec is not null ? resource.Derived(static r => new CanaryView(r, r.Spec!)) : null;

    /// <summary>The provider Flagger will use: the Canary's own, else the mesh-wide default.</summary>
    public string EffectiveProvider(string meshProvider) => Provider ?? meshProvider;
}

/// <summary>spec.analysis of a Canary.</summary>
public sealed class AnalysisView(MappingNode node)
{
    public MappingNode Node { get; } = node;

    public ScalarNode? Interval => Node.Scalar("interval");

    public ScalarNode? Threshold => Node.Scalar("threshold");

    public ScalarNode? MaxWeight => Node.Scalar("maxWeight");

    public ScalarNode? StepWeight => Node.Scalar("stepWeight");

    public SequenceNode? StepWeights => Node.Sequence("stepWeights");

    public ScalarNode? StepWeightPromotion => Node.Scalar("stepWeightPromotion");

    public ScalarNode? Iterations => Node.Scalar("iterations");

    public ScalarNode? Mirror => Node.Scalar("mirror");

    public ScalarNode? MirrorWeight => Node.Scalar("mirrorWeight");

    public SequenceNode? Match => Node.Sequence("match");

    public MappingNode? SessionAffinity => Node.Mapping("sessionAffinity");

    public ScalarNode? PrimaryReadyThreshold => Node.Scalar("primaryReadyThreshold");

    public ScalarNode? CanaryReadyThreshold => Node.Scalar("canaryReadyThreshold");

    // Made on first use and kept: the view is shared by every rule that reads the Canary (see KubernetesResource.Derived).
    public IReadOnlyList<MetricView> Metrics =>
        field ??= Node.Sequence("metrics")?.Items.OfType<MappingNode>().Select(m => new MetricView(m)).ToArray() ?? [];

    public IReadOnlyList<WebhookView> Webhooks =>
        field ??= Node.Sequence("webhooks")?.Items.OfType<MappingNode>().Select(w => new WebhookView(w)).ToArray() ?? [];

    public IReadOnlyList<MappingNode> Alerts => field ??= Node.Sequence("alerts")?.Items.OfType<MappingNode>().ToArray() ?? [];

    /// <summary>The interval as Flagger reads it, or null when absent or not a Go duration.</summary>
    public TimeSpan? IntervalDuration => Interval is { } i && GoDuration.TryParse(i.Value, out var d) ? d : null;
}

/// <summary>An entry of spec.analysis.metrics.</summary>
public sealed class MetricView(MappingNode node)
{
    public MappingNode Node { get; } = node;

    public string? Name => Node.String("name");

    public MappingNode? TemplateRef => Node.Mapping("templateRef");

    public MappingNode? ThresholdRange => Node.Mapping("thresholdRange");

    public ScalarNode? Threshold => Node.Scalar("threshold");

    public ScalarNode? Interval => Node.Scalar("interval");

    public ScalarNode? Query => Node.Scalar("query");
}

/// <summary>An entry of spec.analysis.webhooks.</summary>
public sealed class WebhookView(MappingNode node)
{
    public MappingNode Node { get; } = node;

    public string? Name => Node.String("name");

    /// <summary>The hook type as Flagger dispatches it: an absent or empty type runs as <c>rollout</c>.</summary>
    public string Type => Node.String("type") is { Length: > 0 } type ? type : "rollout";

    public string? Url => Node.String("url");

    public ScalarNode? Timeout => Node.Scalar("timeout");

    public ScalarNode? Retries => Node.Scalar("retries");
}
