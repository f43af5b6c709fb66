namespace CanaryGuard.Rules.Engine;

/// <summary>
/// A kind of Kubernetes object a rule reads through <see cref="IResourceLookup"/>, as Istio's analyzers declare
/// their <c>Metadata.Inputs</c>: the webhook fetches exactly the declared kinds, and its RBAC grants exactly those.
/// Look-ups match on group and kind; the version says which API version the webhook reads them in.
/// </summary>
public sealed record ResourceKind(string Group, string Version, string Kind)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => $"{ApiVersion} {Kind}";
}

/// <summary>One object a rule looked for: what a "not found" is about.</summary>
public sealed record ObjectReference(string Group, string Kind, string Namespace, string Name);
