using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Views;

/// <summary>A read-only view of a core <c>v1</c> Namespace: its labels decide Istio injection and canary opt-in.</summary>
public sealed class NamespaceView
{
    public const string Group = "";
    public const string KindName = "Namespace";

    private NamespaceView(KubernetesResource resource)
    {
        Resource = resource;
    }

    public KubernetesResource Resource { get; }

    public MappingNode? Labels => Resource.Metadata?.Mapping("labels");

    /// <summary>metadata.annotations: Linkerd decides injection from the namespace's annotations, not its labels.</summary>
    public MappingNode? Annotations => Resource.Metadata?.Mapping("annotations");

    public static bool IsNamespace(KubernetesResource resource) => resource.Is(Group, KindName);

    public static NamespaceView? From(KubernetesResource? resource) =>
        resource is not null && IsNamespace(resource) ? resource.Derived(static r => new NamespaceView(r)) : null;

    /// <summary>The labels as strings (what the API server stores), skipping values that are not scalars.</summary>
    public IReadOnlyDictionary<string, string> LabelValues() => ScalarMap(Labels);

    /// <summary>A label or annotation mapping as strings, the way the API server would store it.</summary>
    public static IReadOnlyDictionary<string, string> ScalarMap(MappingNode? mapping)
    {
        var map = new Dictionary<string, string>(mapping?.Entries.Count ?? 0, StringComparer.Ordinal);
        foreach (var entry in mapping?.Entries ?? default)
        {
            // A later duplicate key wins, as in the API server.
            if (entry.Value is ScalarNode { IsNull: false } scalar)
            {
                map[entry.KeyText] = scalar.Value;
            }
        }

        return map;
    }
}
