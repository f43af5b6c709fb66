namespace CanaryGuard.Rules.Model;

/// <summary>A Kubernetes object found in the input: a document with apiVersion and kind, or an item of a List.</summary>
public sealed class KubernetesResource
{
    private object? view;

    public KubernetesResource(ManifestFile file, MappingNode root, string apiVersion, string kind, string? name, string? declaredNamespace)
    {
        File = file;
        Root = root;
        ApiVersion = apiVersion;
        Kind = kind;
        Name = name;
        DeclaredNamespace = declaredNamespace;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        Group = slash < 0 ? string.Empty : apiVersion[..slash];
    }

    public ManifestFile File { get; }

    public MappingNode Root { get; }

    public string ApiVersion { get; }

    /// <summary>The API group, empty for the core group (<c>v1</c>).</summary>
    public string Group { get; }

    public string Kind { get; }

    public string? Name { get; }

    /// <summary>metadata.namespace as written; a resource without one is in the policy's default namespace.</summary>
    public string? DeclaredNamespace { get; }

    public MappingNode? Metadata => Root.Mapping("metadata");

    public MappingNode? Spec => Root.Mapping("spec");

    public bool Is(string group, string kind) => Kind == kind && Group == group;

    /// <summary>
    /// The typed view of this resource (a Canary's, a Deployment's), made once and shared by every rule that reads
    /// it. A race between two threads only makes the same immutable view twice, so no lock is needed.
    /// </summary>
    public TView View<TView>(Func<KubernetesResource, TView> create)
        where TView : class
    {
        if (view is TView made)
        {
            return made;
        }

        var created = create(this);
        view = created;
        return created;
    }

    /// <summary>"namespace/name", or "name" when no namespace is written, as findings print it.</summary>
    public string DisplayName => DeclaredNamespace is null ? Name ?? "(unnamed)" : $"{DeclaredNamespace}/{Name ?? "(unnamed)"}";

    /// <summary>
    /// The Kubernetes objects in a file: documents with apiVersion and kind, with <c>kind: List</c> and every
    /// <c>*List</c> kind flattened into their items. Documents that are not objects are skipped silently.
    /// </summary>
    public static IEnumerable<KubernetesResource> FromFile(ManifestFile file)
    {
        foreach (var document in file.Documents)
        {
            if (document.Root is MappingNode root)
            {
                foreach (var resource in FromRoot(file, root))
                {
                    yield return resource;
                }
            }
        }
    }

    public static IEnumerable<KubernetesResource> FromRoot(ManifestFile file, MappingNode root)
    {
        var apiVersion = root.String("apiVersion");
        var kind = root.String("kind");
        if (apiVersion is null || kind is null)
        {
            yield break;
        }

        if (kind.EndsWith("List", StringComparison.Ordinal) && root.Sequence("items") is { } items)
        {
            foreach (var item in items.Items.OfType<MappingNode>())
            {
                foreach (var resource in FromRoot(file, item))
                {
                    yield return resource;
                }
            }

            yield break;
        }

        var metadata = root.Mapping("metadata");
        yield return new KubernetesResource(file, root, apiVersion, kind, metadata?.String("name"), metadata?.String("namespace"));
    }
}
