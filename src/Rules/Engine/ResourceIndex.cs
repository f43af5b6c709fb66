using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Engine;

/// <summary>
/// A secondary key of resources (a Canary's target, an autoscaler's scale target, a selector label), so a rule can
/// ask "which Canaries target this Deployment" without scanning the namespace: a namespace of N Canaries would
/// otherwise make that rule cost N per Deployment and the lint N². Two indexes with the same <see cref="Name"/>
/// are the same index; the name must therefore say everything the key function reads.
/// </summary>
public sealed class ResourceIndex(string name, Func<KubernetesResource, string?> keyOf) : IEquatable<ResourceIndex>
{
    /// <summary>By <c>metadata.name</c>: what <see cref="IResourceLookup.Find"/> and cluster-scoped look-ups use.</summary>
    public static ResourceIndex ByName { get; } = new("metadata.name", resource => resource.Name);

    public string Name { get; } = name;

    /// <summary>The key of a resource; null when it has none (it is then never found through this index).</summary>
    public string? KeyOf(KubernetesResource resource) => keyOf(resource);

    public bool Equals(ResourceIndex? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ResourceIndex other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;
}
