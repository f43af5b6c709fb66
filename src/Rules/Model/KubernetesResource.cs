namespace CanaryGuard.Rules.Model;

/// <summary>A Kubernetes object found in the input: a document with apiVersion and kind, or an item of a List.</summary>
public sealed class KubernetesResource
{
    // Copied on write: readers on other threads always see a whole array.
    private object[]? derived;

    public KubernetesResource(ManifestFile file, MappingNode root, string apiVersion, string kind, string? name, string? declaredNamespace)
    {
        File = file;
        Root = root;
        ApiVersion = apiVersion;
        Kind = kind;
        Name = name;
        DeclaredNamespace = declaredNamespace;
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        Group = slash < 0 ? string.Empty : SharedStrings.Value(apiVersion.AsSpan(0, slash));
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
    /// A value derived from this resource alone (its typed view, its schema check), made once and shared by every
    /// rule that reads it; one per type. A race between two threads only makes the same immutable value twice.
    /// </summary>
    public TDerived Derived<TDerived>(Func<KubernetesResource, TDerived> create)
        where TDerived : class
    {
        var made = derived;
        foreach (var value in made ?? [])
        {
            if (value is TDerived found)
            {
                return found;
            }
        }

        var created = create(this);
        derived = made is null ? [created] : [.. made, created];
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
