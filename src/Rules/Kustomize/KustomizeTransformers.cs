using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>
/// Kustomize's built-in transformers on a build's objects: namespace, name prefix and suffix (with the autoscaler
/// references kustomize renames with them), labels, annotations and replicas, with the field lists kustomize uses for
/// the kinds CanaryGuard reads. What a transformer writes stands where the kustomization wrote it.
/// </summary>
internal static class KustomizeTransformers
{
    // Kinds without a namespace: kustomize does not give them one.
    private static readonly HashSet<string> ClusterScoped =
    [
        "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume", "StorageClass",
        "PriorityClass", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "IngressClass",
        "RuntimeClass", "CSIDriver", "Node",
    ];

    // Kinds kustomize never renames with a prefix or suffix.
    private static readonly HashSet<string> KeepTheirName = ["Namespace", "CustomResourceDefinition", "APIService"];

    private static readonly HashSet<string> Workloads = ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"];

    private static readonly HashSet<string> ScaledWorkloads = ["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"];

    private static readonly string[] Metadata = ["metadata"];
    private static readonly string[] PodTemplate = ["spec", "template", "metadata"];
    private static readonly string[] CronJobPodTemplate = ["spec", "jobTemplate", "spec", "template", "metadata"];

    public static void SetNamespace(List<BuiltObject> objects, ScalarNode ns)
    {
        var origin = NodeOrigin.Of(ns);
        foreach (var built in objects.Where(o => !ClusterScoped.Contains(o.Kind)))
        {
            built.Root.GetOrAddMapping("metadata", origin).Set("namespace", EditableScalar.Text(origin, ns.Value));
        }
    }

    public static void Rename(List<BuiltObject> objects, string prefix, string suffix)
    {
        var renamed = new Dictionary<(string Kind, string OldName), string>();
        foreach (var built in objects.Where(o => !KeepTheirName.Contains(o.Kind)))
        {
            if (built.Root.Mapping("metadata")?["name"] is EditableScalar { IsNull: false } name)
            {
                built.PreviousNames.Add(name.Value);
                renamed.TryAdd((built.Kind, name.Value), prefix + name.Value + suffix);
                name.Value = prefix + name.Value + suffix;
            }
        }

        // kustomize's name references: an autoscaler follows the workload it scales (a Canary's targetRef does not,
        // unless the kustomization configures it, which CanaryGuard reports as not built).
        foreach (var autoscaler in objects.Where(o => o.Kind == "HorizontalPodAutoscaler"))
        {
            if (autoscaler.Root.Mapping("spec")?.Mapping("scaleTargetRef") is { } reference
                && reference.String("kind") is { } kind
                && reference["name"] is EditableScalar { IsNull: false } target
                && renamed.TryGetValue((kind, target.Value), out var newName))
            {
                target.Value = newName;
            }
        }
    }

    /// <summary>Labels as <c>commonLabels</c> sets them (selectors and templates too), or as a <c>labels</c> entry asks.</summary>
    public static void AddLabels(List<BuiltObject> objects, MappingNode pairs, bool selectors, bool templates)
    {
        foreach (var built in objects)
        {
            foreach (var path in LabelPaths(built.Kind, selectors, templates))
            {
                SetAll(built.Root, path, "labels", pairs);
            }
        }
    }

    public static void AddAnnotations(List<BuiltObject> objects, MappingNode pairs)
    {
        foreach (var built in objects)
        {
            foreach (var path in TemplatePaths(built.Kind).Prepend(Metadata))
            {
                SetAll(built.Root, path, "annotations", pairs);
            }
        }
    }

    public static void SetReplicas(List<BuiltObject> objects, MappingNode replica)
    {
        if (replica.String("name") is not { } name || replica["count"] is not ScalarNode count)
        {
            throw KustomizeException.AtNode(replica, "a replicas entry needs a name and a count");
        }

        foreach (var built in objects.Where(o => ScaledWorkloads.Contains(o.Kind) && o.Names.Contains(name)))
        {
            built.Root.GetOrAddMapping("spec", NodeOrigin.Of(replica)).Set("replicas", EditableNode.From(count));
        }
    }

    private static IEnumerable<string[]> LabelPaths(string kind, bool selectors, bool templates)
    {
        yield return Metadata;
        if (selectors)
        {
            if (kind is "Service" or "ReplicationController")
            {
                yield return ["spec", "selector"];
            }
            else if (Workloads.Contains(kind))
            {
                yield return ["spec", "selector", "matchLabels"];
            }
        }

        if (selectors || templates)
        {
            foreach (var template in TemplatePaths(kind))
            {
                yield return template;
            }
        }
    }

    private static IEnumerable<string[]> TemplatePaths(string kind)
    {
        if (Workloads.Contains(kind) || kind is "Job" or "ReplicationController")
        {
            yield return PodTemplate;
        }
        else if (kind == "CronJob")
        {
            yield return CronJobPodTemplate;
        }
    }

    /// <summary>
    /// Sets every pair at <paramref name="path"/> (plus <paramref name="leaf"/> unless the path ends at a selector),
    /// making the mappings on the way where the kustomization wrote the pairs, as kustomize creates them.
    /// </summary>
    private static void SetAll(EditableMapping root, string[] path, string leaf, MappingNode pairs)
    {
        var origin = NodeOrigin.Of(pairs);
        var target = root;
        foreach (var key in path[^1] is "selector" or "matchLabels" ? path : [.. path, leaf])
        {
            target = target.GetOrAddMapping(key, origin);
        }

        foreach (var pair in pairs.Entries)
        {
            // kustomize reads labels and annotations as strings, whatever YAML type they were written as.
            var value = pair.Value is ScalarNode scalar ? scalar.Value : string.Empty;
            target.Set(pair.KeyText, new EditableScalar(NodeOrigin.Of(pair.Value), value, (pair.Value as ScalarNode)?.Style ?? ScalarStyle.Plain, ScalarKind.String));
        }
    }
}
