using System.Text.RegularExpressions;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>
/// Where a field the schema does not accept probably belongs: a near-miss spelling among its siblings, the same
/// name elsewhere in the schema, or a field Flagger renamed. Built once from <see cref="FlaggerSchema"/>.
/// </summary>
public static partial class SchemaHints
{
    /// <summary>Fields renamed between Flagger API versions: (kind, parent path, old name) to the new path.</summary>
    private static readonly Dictionary<(string Kind, string Parent, string Name), string> Renamed = new()
    {
        [("Canary", "spec", "canaryAnalysis")] = "spec.analysis",
    };

    /// <summary>
    /// Fields users write for a setting Flagger does not have, where a look-alike field elsewhere would mislead:
    /// (kind, parent path, name) to what to do instead.
    /// </summary>
    private static readonly Dictionary<(string Kind, string Parent, string Name), string> Misconceptions = new()
    {
        // pkg/router/kubernetes_default.go writes every Service it creates as ClusterIP.
        [("Canary", "spec.service", "type")] = "Flagger creates its Services (<name>, <name>-primary, <name>-canary) as ClusterIP and has no setting for their type, so it never creates a LoadBalancer; expose the app through a gateway or an ingress instead (service.gateways, service.gatewayRefs or spec.ingressRef, by provider)",
    };

    /// <summary>Per kind, every property name (lower-cased) with the paths where the schema defines it.</summary>
    private static readonly Dictionary<string, Dictionary<string, List<(string Path, CrdSchema Schema)>>> FieldsByName =
        FlaggerSchema.ByKind.ToDictionary(k => k.Key, k => IndexFields(k.Value), StringComparer.Ordinal);

    /// <summary>A hint for an unknown field (paths relative to the resource), or null when nothing close is known.</summary>
    public static string? ForUnknownField(string kind, CrdSchema parent, string parentPath, string key, ManifestNode value)
    {
        if (RenamedTo(kind, parentPath, key) is { } renamed)
        {
            return $"it is the v1alpha3 name of {renamed}";
        }

        if (Misconceptions.TryGetValue((kind, Normalize(parentPath), key), out var explanation))
        {
            return explanation;
        }

        if (Closest(key, parent.Properties.Keys) is { } sibling)
        {
            return $"did you mean '{sibling}'?";
        }

        return Elsewhere(kind, key, value, except: null) is { } path ? $"it belongs at {path}" : null;
    }

    /// <summary>The current path of a field Flagger renamed since v1alpha3 (paths relative to the resource), or null.</summary>
    public static string? RenamedTo(string kind, string parentPath, string key) =>
        Renamed.TryGetValue((kind, Normalize(parentPath), key), out var renamed) ? renamed : null;

    /// <summary>For a value of the wrong type: the field of the same name elsewhere that takes this type.</summary>
    public static string? ForType(string kind, string relativePath, ManifestNode node)
    {
        var match = LastKey().Match(relativePath);
        if (!match.Success)
        {
            return null;
        }

        return Elsewhere(kind, match.Groups["key"].Value, node, except: Normalize(relativePath)) is { } path
            ? $"{path} takes {SchemaValidator.TypeName(node)}"
            : null;
    }

    /// <summary>The candidate the text most likely meant: same but for case, a versioned form of it, or one or two typos away.</summary>
    public static string? Closest(string text, IEnumerable<string> candidates)
    {
        var list = candidates.ToList();
        var sameButCase = list.Find(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
        if (sameButCase is not null)
        {
            return sameButCase;
        }

        if (text.Length >= 3 && list.Find(c => c.StartsWith(text + ":", StringComparison.OrdinalIgnoreCase)) is { } versioned)
        {
            return versioned;
        }

        var allowed = text.Length >= 5 ? 2 : 1;
        return list
            .Select(c => (Candidate: c, Distance: Spelling.EditDistance(text.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    private static string? Elsewhere(string kind, string key, ManifestNode value, string? except)
    {
        if (!FieldsByName.TryGetValue(kind, out var fields) || !fields.TryGetValue(key.ToLowerInvariant(), out var places))
        {
            return null;
        }

        return places
            .Where(p => p.Path != except && SchemaValidator.Accepts(p.Schema, value))
            .OrderBy(p => p.Path.Length)
            .Select(p => p.Path)
            .FirstOrDefault();
    }

    private static Dictionary<string, List<(string Path, CrdSchema Schema)>> IndexFields(CrdSchema root)
    {
        var index = new Dictionary<string, List<(string, CrdSchema)>>(StringComparer.Ordinal);

        void Visit(CrdSchema schema, string path)
        {
            foreach (var (name, property) in schema.Properties)
            {
                var childPath = ManifestNode.ChildPath(path, name);
                if (!index.TryGetValue(name.ToLowerInvariant(), out var places))
                {
                    places = [];
                    index[name.ToLowerInvariant()] = places;
                }

                places.Add((childPath, property));
                Visit(property, childPath);
                if (property.Items is { } items)
                {
                    Visit(items, childPath + "[]");
                }
            }
        }

        Visit(root with { Properties = root.Properties.Where(p => p.Key == "spec").ToDictionary(StringComparer.Ordinal) }, string.Empty);
        return index;
    }

    /// <summary><c>spec.analysis.metrics[2]</c> as the schema index writes it: <c>spec.analysis.metrics[]</c>.</summary>
    // Most paths hold no item index: they skip the regex, whose timeout a loaded machine can otherwise reach.
    private static string Normalize(string path) => path.Contains('[', StringComparison.Ordinal) ? ItemIndex().Replace(path, "[]") : path;

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex ItemIndex();

    [GeneratedRegex(@"(?:^|\.)(?<key>[A-Za-z0-9_-]+)$")]
    private static partial Regex LastKey();
}
