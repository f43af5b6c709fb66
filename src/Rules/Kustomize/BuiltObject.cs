using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>An object of a build being made: its tree, the file that defined it, and the names it had before.</summary>
internal sealed class BuiltObject(EditableMapping root, ManifestFile file)
{
    public EditableMapping Root { get; set; } = root;

    /// <summary>The resource file the object comes from (a base's, usually).</summary>
    public ManifestFile File { get; } = file;

    /// <summary>Names before a prefix or suffix: kustomize still finds the object by them (patches, name references).</summary>
    public List<string> PreviousNames { get; } = [];

    public string? ApiVersion => Root.String("apiVersion");

    public string Kind => Root.String("kind") ?? string.Empty;

    public string? Name => Root.Mapping("metadata")?.String("name");

    public string? Namespace => Root.Mapping("metadata")?.String("namespace");

    public IEnumerable<string> Names => Name is { } name ? PreviousNames.Prepend(name) : PreviousNames;

    public (string Group, string Version) GroupVersion => Split(ApiVersion);

    public static (string Group, string Version) Split(string? apiVersion)
    {
        if (apiVersion is null)
        {
            return (string.Empty, string.Empty);
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }

    /// <summary>The object as rules read it: manifest nodes at their final paths, each where it was written.</summary>
    public KubernetesResource? ToResource()
    {
        var root = (MappingNode)Root.ToManifest(string.Empty);
        return ApiVersion is { } apiVersion && Root.String("kind") is { } kind
            ? new KubernetesResource(File, root, apiVersion, kind, Name, Namespace)
            : null;
    }
}
