using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Rules.Views;

/// <summary>The kinds rules look up (<see cref="AnalysisRule.Inputs"/>), in the API versions the webhook reads them in.</summary>
public static class ReadKinds
{
    public static readonly ResourceKind Deployment = new(DeploymentView.Group, "v1", DeploymentView.DeploymentKind);

    public static readonly ResourceKind DaemonSet = new(DeploymentView.Group, "v1", DeploymentView.DaemonSetKind);

    public static readonly ResourceKind Service = new(ServiceView.Group, "v1", ServiceView.KindName);

    public static readonly ResourceKind Namespace = new(NamespaceView.Group, "v1", NamespaceView.KindName);

    public static readonly ResourceKind HorizontalPodAutoscaler = new(HorizontalPodAutoscalerView.HpaGroup, "v2", HorizontalPodAutoscalerView.HpaKind);

    /// <summary>KEDA's autoscaler, which Flagger supports as an autoscalerRef.</summary>
    public static readonly ResourceKind ScaledObject = new(HorizontalPodAutoscalerView.KedaGroup, "v1alpha1", HorizontalPodAutoscalerView.ScaledObjectKind);

    public static readonly ResourceKind Canary = new(CanaryView.Group, "v1beta1", CanaryView.KindName);

    public static readonly ResourceKind MetricTemplate = new(MetricTemplateView.Group, "v1beta1", MetricTemplateView.KindName);

    public static readonly ResourceKind ConfigMap = new(string.Empty, "v1", "ConfigMap");

    public static readonly ResourceKind Secret = new(string.Empty, "v1", "Secret");
}
