using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Engine;

/// <summary>The resources of one analysis run (all files of a <c>lint</c> call, or one admission object), indexed for look-ups.</summary>
public sealed class Workspace : IResourceLookup
{
    private readonly Dictionary<(string Group, string Kind, string Namespace), List<KubernetesResource>> byKindAndNamespace = [];
    private readonly Dictionary<(string Group, string Kind), List<KubernetesResource>> byKind = [];

    // Built on first use, per list and index: rules run in parallel, and most runs (an admission) never ask one.
    private ConcurrentDictionary<(string Group, string Kind, string? Namespace, ResourceIndex Index), Lazy<Dictionary<string, KubernetesResource[]>>>? indexes;
    private readonly KubernetesResource[][] resourcesByFile;

    public Workspace(IReadOnlyList<ManifestFile> files, string defaultNamespace, bool isComplete)
    {
        Files = files;
        IsComplete = isComplete;
        DefaultNamespace = defaultNamespace;
        var resources = new List<KubernetesResource>();
        var byFile = new KubernetesResource[files.Count][];

        // Made from each file in parallel: on one core this was a tenth of a large lint. The indexes are then filled
        // in file order, so every list is in the same order on every run.
        if (files.Count > 1)
        {
            Parallel.For(0, files.Count, i => byFile[i] = KubernetesResource.FromFile(files[i]).ToArray());
        }
        else if (files.Count == 1)
        {
            byFile[0] = KubernetesResource.FromFile(files[0]).ToArray();
        }

        resourcesByFile = byFile;
        foreach (var inFile in byFile)
        {
            foreach (var resource in inFile)
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

    public bool ProvesAbsence(ObjectReference reference) => IsComplete;

    /// <summary>The resources of <c>Files[fileIndex]</c>, the same objects the look-ups return (so views made once are shared).</summary>
    public IReadOnlyList<KubernetesResource> ResourcesOf(int fileIndex) => resourcesByFile[fileIndex];

    public KubernetesResource? Find(string group, string kind, string @namespace, string name) =>
        ListBy(group, kind, @namespace, ResourceIndex.ByName, name) is [var first, ..] ? first : null;

    public IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace)
    {
        if (@namespace is null)
        {
            return byKind.TryGetValue((group, kind), out var all) ? all : [];
        }

        return byKindAndNamespace.TryGetValue((group, kind, @namespace), out var list) ? list : [];
    }

    public IReadOnlyList<KubernetesResource> ListBy(string group, string kind, string? @namespace, ResourceIndex index, string key)
    {
        var list = List(group, kind, @namespace);
        if (list.Count == 0)
        {
            return [];
        }

        var lookup = LazyInitializer.EnsureInitialized(ref indexes).GetOrAdd(
            (group, kind, @namespace, index),
            static (_, state) => new Lazy<Dictionary<string, KubernetesResource[]>>(() => BuildIndex(state.List, state.Index)),
            (List: list, Index: index)).Value;
        return lookup.TryGetValue(key, out var found) ? found : [];
    }

    /// <summary>
    /// Key to resources, in list order. A loop, not LINQ's GroupBy: a large lint builds thousands of these (one per
    /// namespace, kind and index asked), and the grouping was a twentieth of its time (docs/performance.md).
    /// </summary>
    private static Dictionary<string, KubernetesResource[]> BuildIndex(IReadOnlyList<KubernetesResource> list, ResourceIndex index)
    {
        var grouped = new Dictionary<string, List<KubernetesResource>>(list.Count, StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var resource = list[i];
            if (index.KeyOf(resource) is { } key)
            {
                ref var withKey = ref CollectionsMarshal.GetValueRefOrAddDefault(grouped, key, out _);
                (withKey ??= []).Add(resource);
            }
        }

        var built = new Dictionary<string, KubernetesResource[]>(grouped.Count, StringComparer.Ordinal);
        foreach (var (key, resources) in grouped)
        {
            built[key] = [.. resources];
        }

        return built;
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
