using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Engine;

/// <summary>The resources of one analysis run (all files of a <c>lint</c> call, or one admission object), indexed for look-ups.</summary>
public sealed class Workspace : IResourceLookup
{
    private readonly Dictionary<(string Group, string Kind, string Namespace), List<KubernetesResource>> byKindAndNamespace = [];
    private readonly Dictionary<(string Group, string Kind), List<KubernetesResource>> byKind = [];

    public Workspace(IReadOnlyList<ManifestFile> files, string defaultNamespace, bool isComplete)
    {
        Files = files;
        IsComplete = isComplete;
        DefaultNamespace = defaultNamespace;
        var resources = new List<KubernetesResource>();
        foreach (var file in files)
        {
            foreach (var resource in KubernetesResource.FromFile(file))
            {
                resources.Add(resource);
                var ns = resource.DeclaredNamespace ?? defaultNamespace;
                Add(byKindAndNamespace, (resource.Group, resource.Kind, ns), resource);
                Add(byKind, (resource.Group, resource.Kind), resource);
            }
        }

        Resources = resources;
    }

    public IReadOnlyList<ManifestFile> Files { get; }

    public IReadOnlyList<KubernetesResource> Resources { get; }

    public string DefaultNamespace { get; }

    public bool IsComplete { get; }

    public string AbsenceCaveat => "not found in the linted files";

    public KubernetesResource? Find(string group, string kind, string @namespace, string name) =>
        byKindAndNamespace.TryGetValue((group, kind, @namespace), out var list) ? list.Find(r => r.Name == name) : null;

    public IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace)
    {
        if (@namespace is null)
        {
            return byKind.TryGetValue((group, kind), out var all) ? all : [];
        }

        return byKindAndNamespace.TryGetValue((group, kind, @namespace), out var list) ? list : [];
    }

    private static void Add<TKey>(Dictionary<TKey, List<KubernetesResource>> index, TKey key, KubernetesResource resource)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(resource);
    }
}
