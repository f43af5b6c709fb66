using System.Text.Json;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Cluster;

/// <summary>
/// What the cluster held for one admission review or one audited namespace, fetched up front (rules look up synchronously). The reviewed
/// object's own workspace (<paramref name="overlay"/>) wins over the stored copy. An absence is proof only where a
/// read that would have returned the object succeeded (<paramref name="fetched"/>): a kind not fetched, or whose
/// read failed, timed out or was refused, proves nothing, and <see cref="Unavailable"/> says what is missing so the
/// response can warn that context was unavailable.
/// </summary>
public sealed class ClusterLookup(IReadOnlyList<KubernetesResource> resources, IReadOnlyList<ClusterFetch> fetched, IReadOnlyList<string> unavailable, IResourceLookup? overlay) : IResourceLookup
{
    private readonly (Dictionary<(string, string, string?, string?), KubernetesResource> ByName, Dictionary<(string, string, string?), List<KubernetesResource>> ByCollection) index = Index(resources);

    /// <summary>One line per look-up that failed, e.g. <c>services in shop: timed out</c>; empty when all succeeded.</summary>
    public IReadOnlyList<string> Unavailable { get; } = unavailable;

    /// <summary>References over the per-review cap, not fetched, e.g. <c>9990 MetricTemplates in other namespaces</c>.</summary>
    public IReadOnlyList<string> Unchecked { get; init; } = [];

    /// <summary>The reads that succeeded.</summary>
    public IReadOnlyList<ClusterFetch> Fetched { get; } = fetched;

    public string AbsenceCaveat => "the cluster could not be fully read";

    public bool ProvesAbsence(ObjectReference reference) => Fetched.Any(f => f.Covers(reference));

    /// <summary>The same cluster reads seen through another version of the reviewed object (the old one of an UPDATE).</summary>
    public ClusterLookup Over(IResourceLookup other) => new(resources, Fetched, Unavailable, other) { Unchecked = Unchecked };

    public KubernetesResource? Find(string group, string kind, string @namespace, string name) =>
        overlay?.Find(group, kind, @namespace, name)
        ?? (index.ByName.TryGetValue((group, kind, kind == "Namespace" ? null : @namespace, name), out var found) ? found : null);

    public IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace)
    {
        var mine = overlay?.List(group, kind, @namespace) ?? [];
        IEnumerable<KubernetesResource> stored = @namespace is null
            ? resources.Where(r => r.Group == group && r.Kind == kind)
            : index.ByCollection.TryGetValue((group, kind, @namespace), out var inNamespace) ? inNamespace : [];
        if (mine.Count > 0)
        {
            stored = stored.Where(r => !mine.Any(m => m.Name == r.Name && (m.DeclaredNamespace ?? r.DeclaredNamespace) == r.DeclaredNamespace));
        }

        return [.. mine, .. stored];
    }

    /// <summary>
    /// Objects by name and by collection: an audit's look-up holds a whole namespace (tens of thousands of objects),
    /// and every rule of every object finds through it. The first of two objects of one name wins, as in a list.
    /// </summary>
    private static (Dictionary<(string, string, string?, string?), KubernetesResource> ByName, Dictionary<(string, string, string?), List<KubernetesResource>> ByCollection) Index(IReadOnlyList<KubernetesResource> resources)
    {
        var byName = new Dictionary<(string, string, string?, string?), KubernetesResource>();
        var byCollection = new Dictionary<(string, string, string?), List<KubernetesResource>>();
        foreach (var resource in resources)
        {
            var ns = resource.Kind == "Namespace" ? null : resource.DeclaredNamespace;
            byName.TryAdd((resource.Group, resource.Kind, ns, resource.Name), resource);
            if (!byCollection.TryGetValue((resource.Group, resource.Kind, ns), out var collection))
            {
                byCollection[(resource.Group, resource.Kind, ns)] = collection = [];
            }

            collection.Add(resource);
        }

        return (byName, byCollection);
    }

    /// <summary>An API object as a resource of the manifest model; list items carry no apiVersion/kind, so the type gives them.</summary>
    internal static KubernetesResource ToResource(JsonElement item, KubernetesResourceType type)
    {
        var root = (MappingNode)JsonManifestReader.Read(item);
        var metadata = root.Mapping("metadata");
        var name = metadata?.String("name");
        var ns = metadata?.String("namespace");
        var file = new ManifestFile($"cluster:{type.Plural}/{(ns is null ? string.Empty : ns + "/")}{name}", [new ManifestDocument(0, root, null)], [], []);
        return new KubernetesResource(file, root, type.ApiVersion, type.Kind, name, ns);
    }
}
