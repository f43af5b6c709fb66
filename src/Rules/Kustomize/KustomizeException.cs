using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>Something that makes <c>kustomize build</c> fail, at the node of the kustomization or patch that says it.</summary>
internal sealed class KustomizeException(string message, NodeOrigin at) : Exception(message)
{
    public NodeOrigin At { get; } = at;

    public static KustomizeException AtNode(ManifestNode node, string message) => new(message, NodeOrigin.Of(node));
}
