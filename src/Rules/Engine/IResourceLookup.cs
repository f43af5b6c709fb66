using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Engine;

/// <summary>
/// How a rule finds the other resources it refers to. The linter backs it with the linted files; the webhook
/// with cluster look-ups. Absence is only proof when <see cref="ProvesAbsence"/> says the object would have been seen.
/// </summary>
public interface IResourceLookup
{
    /// <summary>
    /// True when not finding <paramref name="reference"/> proves it does not exist: the linted set is the whole
    /// application (<c>--complete</c>), or the cluster read of that kind and namespace succeeded.
    /// </summary>
    bool ProvesAbsence(ObjectReference reference);

    /// <summary>What a "not found" means when the set is not complete, appended to such findings.</summary>
    string AbsenceCaveat { get; }

    KubernetesResource? Find(string group, string kind, string @namespace, string name);

    /// <summary>Every resource of a kind in a namespace (all namespaces when <paramref name="namespace"/> is null).</summary>
    IReadOnlyList<KubernetesResource> List(string group, string kind, string? @namespace);

    /// <summary>
    /// The resources of <see cref="List"/> whose <paramref name="index"/> key is <paramref name="key"/>, in the
    /// same order. A look-up over a large set answers from an index; this default filters the list.
    /// </summary>
    IReadOnlyList<KubernetesResource> ListBy(string group, string kind, string? @namespace, ResourceIndex index, string key) =>
        [.. List(group, kind, @namespace).Where(r => string.Equals(index.KeyOf(r), key, StringComparison.Ordinal))];
}
