using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Views;

/// <summary>
/// A read-only view of a workload Flagger can canary: an <c>apps/v1</c> Deployment or DaemonSet, with its pod
/// template, labels, annotations, containers, ports and probes.
/// </summary>
public sealed class DeploymentView
{
    public const string Group = "apps";
    public const string DeploymentKind = "Deployment";
    public const string DaemonSetKind = "DaemonSet";

    private DeploymentView(KubernetesResource resource, MappingNode spec)
    {
        Resource = resource;
        Spec = spec;
    }

    public KubernetesResource Resource { get; }

    public MappingNode Spec { get; }

    public string Kind => Resource.Kind;

    public string? Name => Resource.Name;

    public MappingNode? Labels => Resource.Metadata?.Mapping("labels");

    public MappingNode? Annotations => Resource.Metadata?.Mapping("annotations");

    /// <summary>spec.replicas; DaemonSets have none.</summary>
    public ScalarNode? Replicas => Spec.Scalar("replicas");

    public MappingNode? Selector => Spec.Mapping("selector");

    public MappingNode? MatchLabels => Selector?.Mapping("matchLabels");

    public MappingNode? PodTemplate => Spec.Mapping("template");

    public MappingNode? PodMetadata => PodTemplate?.Mapping("metadata");

    public MappingNode? PodLabels => PodMetadata?.Mapping("labels");

    public MappingNode? PodAnnotations => PodMetadata?.Mapping("annotations");

    public MappingNode? PodSpec => PodTemplate?.Mapping("spec");

    /// <summary>The regular containers (not init containers): the ones readiness and traffic depend on.</summary>
    public IReadOnlyList<ContainerView> Containers =>
        field ??= PodSpec?.Sequence("containers")?.Items.OfType<MappingNode>().Select(c => new ContainerView(c)).ToArray() ?? [];

    /// <summary>Names of the ConfigMaps and Secrets the pod template reads (env, envFrom, volumes), which Flagger copies for the primary.</summary>
    public IReadOnlySet<string> ReferencedConfigMaps => Referenced("configMapKeyRef", "configMapRef", "configMap");

    public IReadOnlySet<string> ReferencedSecrets => Referenced("secretKeyRef", "secretRef", "secret");

    public static bool IsWorkload(KubernetesResource resource) =>
        resource.Is(Group, DeploymentKind) || resource.Is(Group, DaemonSetKind);

    public static bool IsWorkloadKind(string? kind) => kind is DeploymentKind or DaemonSetKind;

    public static DeploymentView? From(KubernetesResource? resource) =>
        resource is not null && IsWorkload(resource) && resource.Spec is not null ? resource.Derived(static r => new DeploymentView(r, r.Spec!)) : null;

    private HashSet<string> Referenced(string keyRef, string envFromRef, string volumeSource)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var podSpec = PodSpec;
        if (podSpec is null)
        {
            return names;
        }

        var containers = (podSpec.Sequence("containers")?.Items ?? []).Concat(podSpec.Sequence("initContainers")?.Items ?? []).OfType<MappingNode>();
        foreach (var container in containers)
        {
            foreach (var env in container.Sequence("env")?.Items.OfType<MappingNode>() ?? [])
            {
                AddName(names, env.Mapping("valueFrom")?.Mapping(keyRef)?.String("name"));
            }

            foreach (var envFrom in container.Sequence("envFrom")?.Items.OfType<MappingNode>() ?? [])
            {
                AddName(names, envFrom.Mapping(envFromRef)?.String("name"));
            }
        }

        foreach (var volume in podSpec.Sequence("volumes")?.Items.OfType<MappingNode>() ?? [])
        {
            var source = volume.Mapping(volumeSource);
            AddName(names, volumeSource == "secret" ? source?.String("secretName") : source?.String("name"));
        }

        return names;
    }

    private static void AddName(HashSet<string> names, string? name)
    {
        if (!string.IsNullOrEmpty(name))
        {
            names.Add(name);
        }
    }
}

/// <summary>A container of a pod template.</summary>
public sealed class ContainerView(MappingNode node)
{
    public MappingNode Node { get; } = node;

    public string? Name => Node.String("name");

    /// <summary>Where a finding about the whole container points: its <c>name</c> key, else the item.</summary>
    public ManifestNode Anchor => (ManifestNode?)Node.Scalar("name") ?? Node;

    public MappingNode? ReadinessProbe => Node.Mapping("readinessProbe");

    public IReadOnlyList<ContainerPortView> Ports =>
        field ??= Node.Sequence("ports")?.Items.OfType<MappingNode>().Select(p => new ContainerPortView(p)).ToArray() ?? [];
}

/// <summary>An entry of a container's ports.</summary>
public sealed class ContainerPortView(MappingNode node)
{
    public MappingNode Node { get; } = node;

    public ScalarNode? Name => Node.Scalar("name");

    public long? ContainerPort => Node.Scalar("containerPort") is { } port && port.TryGetInt64(out var number) ? number : null;
}
