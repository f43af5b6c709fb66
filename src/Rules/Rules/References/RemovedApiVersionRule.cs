using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>
/// CG2017: a Canary's target or autoscaler written in an API version Kubernetes no longer serves: the API server
/// refuses it, the object never exists, and the Canary never initializes.
/// </summary>
public sealed class RemovedApiVersionRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2017",
        "Referenced object in an API version Kubernetes removed",
        "{0} {1} is not served since Kubernetes {2}{3}: the API server refuses {1} '{4}', so the Canary {5} never initializes; use {6}",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "Kubernetes stops serving beta API versions some releases after the stable one ships: autoscaling/v2beta1 in 1.25, autoscaling/v2beta2 in 1.26, the extensions and apps beta Deployments and DaemonSets in 1.16. A manifest in such a version is refused, so the Canary's target or autoscaler never exists and Flagger never initializes the Canary. The policy's kubernetesVersion names the cluster version to judge against; without it, every removal applies.");

    /// <summary>(apiVersion, kind) to the Kubernetes minor release that removed it and the version to use instead.</summary>
    private static readonly Dictionary<(string ApiVersion, string Kind), (int RemovedIn, string Replacement)> Removed = new()
    {
        [("autoscaling/v2beta1", HorizontalPodAutoscalerView.HpaKind)] = (25, "autoscaling/v2"),
        [("autoscaling/v2beta2", HorizontalPodAutoscalerView.HpaKind)] = (26, "autoscaling/v2"),
        [("extensions/v1beta1", DeploymentView.DeploymentKind)] = (16, "apps/v1"),
        [("extensions/v1beta1", DeploymentView.DaemonSetKind)] = (16, "apps/v1"),
        [("apps/v1beta1", DeploymentView.DeploymentKind)] = (16, "apps/v1"),
        [("apps/v1beta2", DeploymentView.DeploymentKind)] = (16, "apps/v1"),
        [("apps/v1beta2", DeploymentView.DaemonSetKind)] = (16, "apps/v1"),
    };

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => Removed.ContainsKey((resource.ApiVersion, resource.Kind));

    public override void Analyze(RuleContext context)
    {
        var resource = context.Resource;
        var (removedIn, replacement) = Removed[(resource.ApiVersion, resource.Kind)];
        var cluster = context.Policy.KubernetesVersion;
        if ((cluster is not null && cluster.Minor < removedIn) || resource.Root["apiVersion"] is not { } apiVersion
            || ReferencingCanary(context, resource) is not { } canary)
        {
            return;
        }

        var judged = cluster is null ? string.Empty : $" (the policy's kubernetesVersion is {cluster.Major}.{cluster.Minor})";
        context.Report(Rule, apiVersion, resource.ApiVersion, resource.Kind, $"1.{removedIn}", judged, resource.Name, canary.Resource.Name, replacement);
    }

    /// <summary>A Canary that targets the workload, or whose autoscalerRef names the autoscaler; null when none does.</summary>
    private static CanaryView? ReferencingCanary(RuleContext context, KubernetesResource resource)
    {
        if (resource.Kind != HorizontalPodAutoscalerView.HpaKind)
        {
            return ResourceQueries.CanariesTargeting(context, resource) is [var first, ..] ? first : null;
        }

        return HorizontalPodAutoscalerView.From(resource) is { TargetKind: { } kind, TargetName: { } target }
            ? ResourceQueries.CanariesTargeting(context, kind, target).FirstOrDefault(c => c.AutoscalerRef?.String("name") == resource.Name)
            : null;
    }
}
