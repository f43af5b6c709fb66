using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>
/// Kustomize's strategic merge (kyaml's merge2, with the patch's new list items first, as kustomize calls it):
/// mappings merge key by key, a null deletes, <c>$patch: delete</c> and <c>$patch: replace</c> are honoured, and a
/// list merges item by item on its merge key: the Kubernetes API's key for the built-in lists CanaryGuard reads
/// (containers, env, volumes by name, container ports by containerPort, volume mounts by mountPath, Service ports by
/// port), otherwise <c>name</c> when every item has one (what kyaml infers, for custom resources such as a Canary
/// too); any other list is replaced. Merged nodes keep the place that wrote them: the base's for what the patch only
/// passes through, the patch's for what it sets.
/// </summary>
internal static class StrategicMergePatch
{
    private const string Directive = "$patch";

    // Built-in kinds (the core and apps groups CanaryGuard reads) have the API's merge keys; other kinds only what kyaml infers.
    private static readonly HashSet<string> BuiltInGroups = ["", "apps", "batch", "autoscaling", "policy", "networking.k8s.io"];

    private static readonly Dictionary<string, string> ApiMergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
        ["ports"] = "containerPort",
        ["hostAliases"] = "ip",
    };

    /// <summary>
    /// The object <paramref name="target"/> with <paramref name="patch"/> merged in; null when the patch deletes it
    /// (<c>$patch: delete</c> at its root).
    /// </summary>
    public static EditableMapping? Apply(EditableMapping target, EditableMapping patch)
    {
        var group = GroupOf(target.String("apiVersion"));
        var scope = new Scope(BuiltInGroups.Contains(group), target.String("kind") == "Service");
        // A patch may apply to several objects: each gets its own copy of what the patch sets.
        return Merge(target, patch.Clone(), scope, []) as EditableMapping;
    }

    private static string GroupOf(string? apiVersion) =>
        apiVersion is null ? string.Empty : apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

    private static EditableNode? Merge(EditableNode? target, EditableNode patch, Scope scope, List<string> keys)
    {
        switch (patch)
        {
            case EditableMapping patchMapping:
                var directive = patchMapping.String(Directive);
                if (directive == "delete")
                {
                    return null;
                }

                if (directive == "replace" || target is not EditableMapping targetMapping)
                {
                    return Cleaned(patchMapping);
                }

                foreach (var (key, value) in patchMapping.Entries)
                {
                    if (key.StartsWith('$'))
                    {
                        continue;
                    }

                    if (value is EditableScalar { IsNull: true })
                    {
                        targetMapping.Remove(key);
                        continue;
                    }

                    keys.Add(key);
                    var merged = Merge(targetMapping[key], value, scope, keys);
                    keys.RemoveAt(keys.Count - 1);
                    if (merged is null)
                    {
                        targetMapping.Remove(key);
                    }
                    else
                    {
                        targetMapping.Set(key, merged);
                    }
                }

                return targetMapping;
            case EditableSequence patchSequence when target is EditableSequence targetSequence && MergeKey(targetSequence, patchSequence, scope, keys) is { } mergeKey:
                return MergeList(targetSequence, patchSequence, mergeKey, scope, keys);
            case EditableSequence patchSequence:
                return Cleaned(patchSequence);
            default:
                return patch;
        }
    }

    /// <summary>
    /// The key a list merges on, or null when the patch replaces it. kyaml's inference of <c>name</c> needs every
    /// item of both lists to have one.
    /// </summary>
    private static string? MergeKey(EditableSequence target, EditableSequence patch, Scope scope, List<string> keys)
    {
        var field = keys.Count > 0 ? keys[^1] : string.Empty;
        if (scope.BuiltIn && ApiMergeKeys.TryGetValue(field, out var apiKey))
        {
            // A Service's ports sit at spec.ports and merge on port; a container's on containerPort.
            return field == "ports" && scope.Service && keys.Count == 2 ? "port" : apiKey;
        }

        bool AllNamed(EditableSequence list) => list.Items.All(item => item is EditableMapping mapping && mapping["name"] is EditableScalar);
        return patch.Items.Count > 0 && AllNamed(patch) && AllNamed(target) ? "name" : null;
    }

    private static EditableSequence MergeList(EditableSequence target, EditableSequence patch, string mergeKey, Scope scope, List<string> keys)
    {
        string? KeyOf(EditableNode item) => item is EditableMapping mapping && mapping[mergeKey] is EditableScalar { IsNull: false } key ? key.Value : null;

        // kustomize asks kyaml to put what the patch brings first: the patch's items in its order, merged with the
        // target's item of the same key, then the target's other items in theirs.
        var result = new List<EditableNode>();
        var patched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in patch.Items)
        {
            var key = KeyOf(item);
            if (key is null)
            {
                result.Add(Cleaned(item));
                continue;
            }

            patched.Add(key);
            var existing = target.Items.Find(t => KeyOf(t) == key);
            var merged = existing is null
                ? item is EditableMapping { } added && added.String(Directive) == "delete" ? null : Cleaned(item)
                : Merge(existing, item, scope, keys);
            if (merged is not null)
            {
                result.Add(merged);
            }
        }

        result.AddRange(target.Items.Where(t => KeyOf(t) is not { } key || !patched.Contains(key)));
        return new EditableSequence(target.Origin, result);
    }

    /// <summary>What a patch adds as it is: without its directives and the nulls that only delete.</summary>
    private static EditableNode Cleaned(EditableNode node)
    {
        switch (node)
        {
            case EditableMapping mapping:
                return new EditableMapping(
                    mapping.Origin,
                    mapping.Entries.Where(e => !e.Key.StartsWith('$') && e.Value is not EditableScalar { IsNull: true }).Select(e => new KeyValuePair<string, EditableNode>(e.Key, Cleaned(e.Value))),
                    mapping.DuplicateKeys);
            case EditableSequence sequence:
                return new EditableSequence(sequence.Origin, sequence.Items.Select(Cleaned));
            default:
                return node;
        }
    }

    private readonly record struct Scope(bool BuiltIn, bool Service);
}
