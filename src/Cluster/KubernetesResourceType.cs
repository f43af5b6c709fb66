using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Cluster;

/// <summary>A resource collection of the API server: where its REST paths are, and whether it lives in namespaces.</summary>
public sealed record KubernetesResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public static readonly KubernetesResourceType Deployments = new("apps", "v1", "deployments", "Deployment", Namespaced: true);

    public static readonly KubernetesResourceType DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", Namespaced: true);

    public static readonly KubernetesResourceType Services = new(string.Empty, "v1", "services", "Service", Namespaced: true);

    public static readonly KubernetesResourceType HorizontalPodAutoscalers = new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", Namespaced: true);

    public static readonly KubernetesResourceType Namespaces = new(string.Empty, "v1", "namespaces", "Namespace", Namespaced: false);

    public static readonly KubernetesResourceType MetricTemplates = new("flagger.app", "v1beta1", "metrictemplates", "MetricTemplate", Namespaced: true);

    public static readonly KubernetesResourceType Canaries = new("flagger.app", "v1beta1", "canaries", "Canary", Namespaced: true);

    public static readonly KubernetesResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true);

    public static readonly KubernetesResourceType Events = new(string.Empty, "v1", "events", "Event", Namespaced: true);

    /// <summary>KEDA's autoscaler, which Flagger accepts as an autoscalerRef.</summary>
    public static readonly KubernetesResourceType ScaledObjects = new("keda.sh", "v1alpha1", "scaledobjects", "ScaledObject", Namespaced: true);

    /// <summary>The Policy Working Group's report, which the background audit writes (never read as context).</summary>
    public static readonly KubernetesResourceType PolicyReports = new("wgpolicyk8s.io", "v1alpha2", "policyreports", "PolicyReport", Namespaced: true);

    /// <summary>The OpenReports report, written instead when asked (the webhook policy's <c>audit: { reports: openreports }</c>).</summary>
    public static readonly KubernetesResourceType OpenReports = new("openreports.io", "v1alpha1", "reports", "Report", Namespaced: true);

    /// <summary>Every collection cluster-context look-ups read: what the webhook's ClusterRole must let it get and list.</summary>
    public static IReadOnlyList<KubernetesResourceType> All { get; } =
        [Deployments, DaemonSets, Services, HorizontalPodAutoscalers, ScaledObjects, Namespaces, MetricTemplates, Canaries];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>
    /// The collection path: <c>/apis/apps/v1/namespaces/shop/deployments</c>, <c>/api/v1/namespaces</c>, or across
    /// all namespaces when <paramref name="namespace"/> is null.
    /// </summary>
    public string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && @namespace is not null
            ? $"{root}/namespaces/{Segment(@namespace)}/{Plural}"
            : $"{root}/{Plural}";
    }

    public string ItemPath(string? @namespace, string name)
    {
        if (Namespaced && @namespace is null)
        {
            throw new ArgumentException($"{Plural} are namespaced: a namespace is required", nameof(@namespace));
        }

        return $"{CollectionPath(@namespace)}/{Segment(name)}";
    }

    /// <summary>The collection of a kind rules look up (same group, version and kind); null when the client does not read it.</summary>
    public static KubernetesResourceType? For(ResourceKind kind) =>
        All.FirstOrDefault(t => t.Group == kind.Group && t.Version == kind.Version && t.Kind == kind.Kind);

    private static string Segment(string value) => Uri.EscapeDataString(value);
}
