using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>
/// The look-ups the cross-resource, mesh and coverage rules share. Each is one namespace-scoped query, so a rule
/// costs a look-up per resource, never a scan of the whole set.
/// </summary>
internal static class ResourceQueries
{
    /// <summary>The workload a Canary targets, when its kind is one Flagger canaries and it is in the set.</summary>
    public static DeploymentView? Target(RuleContext context, CanaryView canary) =>
        canary.TargetKind() is { } kind && DeploymentView.IsWorkloadKind(kind) && canary.TargetName() is { } name
            ? DeploymentView.From(context.Lookup.Find(DeploymentView.Group, kind, context.Namespace, name))
            : null;

    /// <summary>The Canaries in the resource's namespace that target it.</summary>
    public static IReadOnlyList<CanaryView> CanariesTargeting(RuleContext context, KubernetesResource workload) =>
        [.. context.Lookup.List(CanaryView.Group, CanaryView.KindName, context.Namespace)
            .Select(CanaryView.From).OfType<CanaryView>().Where(c => c.Targets(workload))];

    /// <summary>The HPAs and KEDA ScaledObjects of a namespace.</summary>
    public static IEnumerable<HorizontalPodAutoscalerView> Autoscalers(RuleContext context) =>
        context.Lookup.List(HorizontalPodAutoscalerView.HpaGroup, HorizontalPodAutoscalerView.HpaKind, context.Namespace)
            .Concat(context.Lookup.List(HorizontalPodAutoscalerView.KedaGroup, HorizontalPodAutoscalerView.ScaledObjectKind, context.Namespace))
            .Select(HorizontalPodAutoscalerView.From).OfType<HorizontalPodAutoscalerView>();

    /// <summary>
    /// The labels of a namespace: from a Namespace object in the set, else from the policy's <c>namespaces:</c>;
    /// null when neither knows them.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? NamespaceLabels(RuleContext context, string @namespace)
    {
        var found = context.Lookup.List(NamespaceView.Group, NamespaceView.KindName, null).FirstOrDefault(n => n.Name == @namespace);
        if (NamespaceView.From(found) is { } view)
        {
            return view.LabelValues();
        }

        return context.Policy.NamespaceLabels.TryGetValue(@namespace, out var labels) ? labels : null;
    }
}
