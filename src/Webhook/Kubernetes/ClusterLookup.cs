using System.Text.Json;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Webhook.Kubernetes;

/// <summary>
/// What the cluster held for one admission review, fetched up front (rules look up synchronously). The reviewed
/// object's own workspace (<paramref name="overlay"/>) wins over the stored copy. An absence is proof only where a
/// read that would have returned the object succeeded (<paramref name="fetched"/>): a kind not fetched, or whose
/// read failed, timed out or was refused, proves nothing, and <see cref="Unavailable"/> says what is missing so the
/// response can warn that context was unavailable.
/// </summary>
public sealed class ClusterLookup(IReadOnlyList<KubernetesResource> resources, IReadOnlyList<ClusterFetch> fetched, IReadOnlyList<string> unavailable, IResourceLookup? overlay) : IResourceLookup
{
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
        ?? resources.FirstOrDefault(r => r.Group == group && r.Kind == kind && r.Name == name && (kind == "Namespace" || r.DeclaredNamespace == @namespace));

    public IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace)
    {
        var mine = overlay?.List(group, kind, @namespace) ?? [];
        var stored = resources.Where(r => r.Group == group && r.Kind == kind && (@namespace is null || r.DeclaredNamespace == @namespace)
            && !mine.Any(m => m.Name == r.Name && (m.DeclaredNamespace ?? r.DeclaredNamespace) == r.DeclaredNamespace));
        return [.. mine, .. stored];
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
