using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Engine;

/// <summary>The resources of one analysis run (all files of a <c>lint</c> call, or one admission object), indexed for look-ups.</summary>
public sealed class Workspace : IResourceLookup
{
    private readonly ResourceSet all;
    private readonly KubernetesResource[][] resourcesByFile;

    // With kustomize builds: the objects of the plain files, and each build's, so a built object's references
    // resolve in its own build (two overlays of one base hold objects of the same name) and in the plain files.
    private readonly ResourceSet? plain;
    private readonly BuildLookup[] builds;

    public Workspace(IReadOnlyList<ManifestFile> files, string defaultNamespace, bool isComplete, KustomizeResult? kustomize = null)
    {
        Files = files;
        IsComplete = isComplete;
        DefaultNamespace = defaultNamespace;
        Kustomize = kustomize ?? KustomizeResult.None;
        var byFile = new KubernetesResource[files.Count][];

        // Made from each file in parallel: on one core this was a tenth of a large lint. The indexes are then filled
        // in file order, so every list is in the same order on every run. A file a build consumed is linted through it.
        KubernetesResource[] Read(int i) => Kustomize.IsConsumed(files[i]) ? [] : [.. KubernetesResource.FromFile(files[i])];
        if (files.Count > 1)
        {
            Parallel.For(0, files.Count, i => byFile[i] = Read(i));
        }
        else if (files.Count == 1)
        {
            byFile[0] = Read(0);
        }

        resourcesByFile = byFile;
        var fromFiles = byFile.SelectMany(r => r);
        all = new ResourceSet(fromFiles.Concat(Kustomize.Builds.SelectMany(b => b.Resources)), defaultNamespace);
        if (Kustomize.Builds.Count > 0)
        {
            plain = new ResourceSet(fromFiles, defaultNamespace);
            builds = [.. Kustomize.Builds.Select(b => new BuildLookup(this, b, new ResourceSet(b.Resources, defaultNamespace)))];
        }
        else
        {
            builds = [];
        }
    }

    public IReadOnlyList<ManifestFile> Files { get; }

    public IReadOnlyList<KubernetesResource> Resources => all.Resources;

    public string DefaultNamespace { get; }

    public bool IsComplete { get; }

    /// <summary>The kustomize builds linted with the files; <see cref="KustomizeResult.None"/> without any.</summary>
    public KustomizeResult Kustomize { get; }

    public string AbsenceCaveat => "not found in the linted files";

    public bool ProvesAbsence(ObjectReference reference) => IsComplete;

    /// <summary>The resources of <c>Files[fileIndex]</c>, the same objects the look-ups return (so views made once are shared).</summary>
    public IReadOnlyList<KubernetesResource> ResourcesOf(int fileIndex) => resourcesByFile[fileIndex];

    /// <summary>How the objects of <c>Kustomize.Builds[buildIndex]</c> find others: in their build, then in the plain files.</summary>
    public IResourceLookup LookupFor(int buildIndex) => builds[buildIndex];

    public KubernetesResource? Find(string group, string kind, string @namespace, string name) => all.Find(group, kind, @namespace, name);

    public IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace) => all.List(group, kind, @namespace);

    public IReadOnlyList<KubernetesResource> ListBy(string group, string kind, string? @namespace, ResourceIndex index, string key) => all.ListBy(group, kind, @namespace, index, key);

    /// <summary>A build's own objects first, then those of the plain files; complete only when the build is.</summary>
    private sealed class BuildLookup(Workspace workspace, KustomizeBuild build, ResourceSet own) : IResourceLookup
    {
        public bool ProvesAbsence(ObjectReference reference) => workspace.IsComplete && build.IsComplete;

        public string AbsenceCaveat => build.IsComplete
            ? workspace.AbsenceCaveat
            : $"{workspace.AbsenceCaveat}, and its kustomize build is not built in full (CG0011)";

        public KubernetesResource? Find(string group, string kind, string @namespace, string name) =>
            own.Find(group, kind, @namespace, name) ?? workspace.plain!.Find(group, kind, @namespace, name);

        public IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace) =>
            Both(own.List(group, kind, @namespace), workspace.plain!.List(group, kind, @namespace));

        public IReadOnlyList<KubernetesResource> ListBy(string group, string kind, string? @namespace, ResourceIndex index, string key) =>
            Both(own.ListBy(group, kind, @namespace, index, key), workspace.plain!.ListBy(group, kind, @namespace, index, key));

        private static IReadOnlyList<KubernetesResource> Both(IReadOnlyList<KubernetesResource> first, IReadOnlyList<KubernetesResource> second) =>
            second.Count == 0 ? first : first.Count == 0 ? second : [.. first, .. second];
    }
}

/// <summary>Resources indexed by kind and namespace, and by any secondary key a rule asks for.</summary>
internal sealed class ResourceSet
{
    private readonly Dictionary<(string Group, string Kind, string Namespace), List<KubernetesResource>> byKindAndNamespace = [];
    private readonly Dictionary<(string Group, string Kind), List<KubernetesResource>> byKind = [];

    // Built on first use, per list and index: rules run in parallel, and most runs (an admission) never ask one.
    private ConcurrentDictionary<(string Group, string Kind, string? Namespace, ResourceIndex Index), Lazy<Dictionary<string, KubernetesResource[]>>>? indexes;

    public ResourceSet(IEnumerable<KubernetesResource> resources, string defaultNamespace)
    {
        var list = new List<KubernetesResource>();
        foreach (var resource in resources)
        {
            list.Add(resource);
            var ns = resource.DeclaredNamespace ?? defaultNamespace;
            Add(byKindAndNamespace, (resource.Group, resource.Kind, ns), resource);
            Add(byKind, (resource.Group, resource.Kind), resource);
        }

        Resources = list;
    }

    public IReadOnlyList<KubernetesResource> Resources { get; }

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
