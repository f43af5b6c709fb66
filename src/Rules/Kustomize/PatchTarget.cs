using System.Text.RegularExpressions;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>
/// A patch's <c>target</c>: group, version, kind, name and namespace as anchored regular expressions (kustomize's
/// selector matching), and label and annotation selectors. An object matches through its current name or any name it
/// had before a base's prefix or suffix.
/// </summary>
internal sealed class PatchTarget
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? group;
    private readonly Regex? version;
    private readonly Regex? kind;
    private readonly Regex? name;
    private readonly Regex? @namespace;
    private readonly LabelSelector? labels;
    private readonly LabelSelector? annotations;

    private PatchTarget(MappingNode target)
    {
        group = Pattern(target, "group");
        version = Pattern(target, "version");
        kind = Pattern(target, "kind");
        name = Pattern(target, "name");
        @namespace = Pattern(target, "namespace");
        labels = target.Scalar("labelSelector") is { IsNull: false } labelSelector ? LabelSelector.Parse(labelSelector) : null;
        annotations = target.Scalar("annotationSelector") is { IsNull: false } annotationSelector ? LabelSelector.Parse(annotationSelector) : null;
    }

    public static PatchTarget Read(ManifestNode node) =>
        node is MappingNode mapping ? new PatchTarget(mapping) : throw KustomizeException.AtNode(node, "a patch target must be a mapping (group, version, kind, name, namespace, labelSelector, annotationSelector)");

    public bool Matches(BuiltObject candidate)
    {
        var (candidateGroup, candidateVersion) = candidate.GroupVersion;
        return IsMatch(group, candidateGroup)
            && IsMatch(version, candidateVersion)
            && IsMatch(kind, candidate.Kind)
            && (name is null || candidate.Names.Any(n => IsMatch(name, n)))
            && IsMatch(@namespace, candidate.Namespace ?? string.Empty)
            && (labels is null || labels.Matches(candidate.Root.Mapping("metadata")?.Mapping("labels")))
            && (annotations is null || annotations.Matches(candidate.Root.Mapping("metadata")?.Mapping("annotations")));
    }

    private static bool IsMatch(Regex? pattern, string value) => pattern is null || pattern.IsMatch(value);

    private static Regex? Pattern(MappingNode target, string field)
    {
        if (target.Scalar(field) is not { IsNull: false } scalar || scalar.Value.Length == 0)
        {
            return null;
        }

        try
        {
            return new Regex("^(?:" + scalar.Value + ")$", RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            throw KustomizeException.AtNode(scalar, $"target {field} '{scalar.Value}' is not a valid regular expression");
        }
    }
}

/// <summary>A Kubernetes label selector in its string form: <c>a=b</c>, <c>a!=b</c>, <c>a in (b,c)</c>, <c>a notin (b)</c>, <c>a</c>, <c>!a</c>.</summary>
internal sealed partial class LabelSelector
{
    private readonly List<Func<EditableMapping?, bool>> requirements;

    private LabelSelector(List<Func<EditableMapping?, bool>> requirements)
    {
        this.requirements = requirements;
    }

    public bool Matches(EditableMapping? labels) => requirements.All(requirement => requirement(labels));

    public static LabelSelector Parse(ScalarNode selector)
    {
        var requirements = new List<Func<EditableMapping?, bool>>();
        foreach (Match part in Requirement().Matches(selector.Value))
        {
            var key = part.Groups["key"].Value;
            var values = part.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            var value = part.Groups["value"].Value;
            Func<EditableMapping?, bool> requirement = part.Groups["op"].Value switch
            {
                "=" or "==" => labels => labels?.String(key) == value,
                "!=" => labels => labels?.String(key) != value,
                "in" => labels => labels?.String(key) is { } found && values.Contains(found),
                "notin" => labels => labels?.String(key) is not { } found || !values.Contains(found),
                _ when part.Groups["not"].Success => labels => labels?[key] is null,
                _ => labels => labels?[key] is not null,
            };
            requirements.Add(requirement);
        }

        if (requirements.Count == 0 && selector.Value.Trim().Length > 0)
        {
            throw KustomizeException.AtNode(selector, $"'{selector.Value}' is not a label selector");
        }

        return new LabelSelector(requirements);
    }

    [GeneratedRegex(@"\s*(?:(?<not>!)\s*(?<key>[\w./-]+)|(?<key>[\w./-]+)\s*(?:(?<op>==|!=|=)\s*(?<value>[\w./-]*)|\s(?<op>in|notin)\s*\((?<values>[^)]*)\))?)\s*(?:,|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Requirement();
}
