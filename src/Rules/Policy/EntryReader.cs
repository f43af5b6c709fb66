using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Policy;

/// <summary>Reads typed policy entries from nodes; a value of the wrong type becomes a CG0006 and is skipped.</summary>
internal sealed class EntryReader(List<Diagnostic> problems, string file)
{
    public void Unknown(ManifestNode at, string message) =>
        problems.Add(PolicyLoader.Problem(file, EngineDiagnostics.InvalidConfiguration, message, at.Location, at.Path));

    public MappingNode? Mapping(ManifestNode node, string what)
    {
        if (node is MappingNode mapping)
        {
            return mapping;
        }

        Unknown(node, $"'{what}' must be a mapping");
        return null;
    }

    public IEnumerable<PolicyValue<(string, string)>> SeverityMap(ManifestNode node, string what)
    {
        if (Mapping(node, what) is not { } mapping)
        {
            yield break;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            if (value is ScalarNode scalar)
            {
                yield return new PolicyValue<(string, string)>((key.Value, scalar.Value), value);
            }
            else
            {
                Unknown(value, $"'{what}.{key.Value}' must be a severity (error, warning, info, hidden, none)");
            }
        }
    }

    public PolicyValue<string>? String(ManifestNode node)
    {
        if (node is ScalarNode { Kind: ScalarKind.String } scalar)
        {
            return new PolicyValue<string>(scalar.Value, node);
        }

        Unknown(node, $"'{node.Path}' must be a string");
        return null;
    }

    public PolicyValue<bool>? Bool(ManifestNode node)
    {
        if (node is ScalarNode scalar && scalar.TryGetBool(out var value))
        {
            return new PolicyValue<bool>(value, node);
        }

        Unknown(node, $"'{node.Path}' must be true or false");
        return null;
    }

    public PolicyValue<long>? Integer(ManifestNode node)
    {
        if (node is ScalarNode scalar && scalar.TryGetInt64(out var value))
        {
            return new PolicyValue<long>(value, node);
        }

        Unknown(node, $"'{node.Path}' must be a whole number");
        return null;
    }

    public PolicyValue<double>? Number(ManifestNode node)
    {
        if (node is ScalarNode scalar && scalar.TryGetDouble(out var value))
        {
            return new PolicyValue<double>(value, node);
        }

        Unknown(node, $"'{node.Path}' must be a number");
        return null;
    }

    public PolicyValue<TimeSpan>? Duration(ManifestNode node)
    {
        if (node is ScalarNode scalar && GoDuration.TryParse(scalar.Value, out var value))
        {
            return new PolicyValue<TimeSpan>(value, node);
        }

        Unknown(node, $"'{node.Path}' must be a duration such as 30s, 5m or 1m30s");
        return null;
    }

    public PolicyValue<List<string>>? StringList(ManifestNode node)
    {
        if (node is SequenceNode sequence && sequence.Items.All(i => i is ScalarNode { Kind: ScalarKind.String }))
        {
            return new PolicyValue<List<string>>([.. sequence.Items.Cast<ScalarNode>().Select(s => s.Value)], node);
        }

        Unknown(node, $"'{node.Path}' must be a list of strings");
        return null;
    }

    public IEnumerable<PolicyValue<(string, Dictionary<string, string>)>> NamespaceLabels(ManifestNode node)
    {
        if (Mapping(node, "namespaces") is not { } namespaces)
        {
            yield break;
        }

        foreach (var (key, value) in namespaces.Entries)
        {
            if (value is MappingNode { } entry && entry["labels"] is MappingNode labels
                && labels.Entries.All(l => l.Value is ScalarNode { Kind: ScalarKind.String }))
            {
                yield return new PolicyValue<(string, Dictionary<string, string>)>(
                    (key.Value, labels.Entries.ToDictionary(l => l.KeyText, l => ((ScalarNode)l.Value).Value, StringComparer.Ordinal)),
                    value);
            }
            else
            {
                Unknown(value, $"'namespaces.{key.Value}' must be a mapping with 'labels:' of quoted string values");
            }
        }
    }

    /// <summary>A label selector of the simple form <c>{ matchLabels: { key: "value" } }</c>.</summary>
    public PolicyValue<Dictionary<string, string>>? MatchLabels(ManifestNode node, string what)
    {
        if (node is MappingNode { Entries.Count: 1 } selector && selector["matchLabels"] is MappingNode labels
            && labels.Entries.All(l => l.Value is ScalarNode { Kind: ScalarKind.String }))
        {
            return new PolicyValue<Dictionary<string, string>>(
                labels.Entries.ToDictionary(l => l.KeyText, l => ((ScalarNode)l.Value).Value, StringComparer.Ordinal),
                node);
        }

        Unknown(node, $"'{what}' must be a label selector '{{ matchLabels: {{ key: \"value\" }} }}' with quoted string values");
        return null;
    }
}
