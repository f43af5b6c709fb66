using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Views;

/// <summary>Accessors for what a Canary refers to (target, service, autoscaler), beside <see cref="CanaryView"/>.</summary>
public static class CanaryReferences
{
    public static string? TargetKind(this CanaryView canary) => canary.TargetRef?.String("kind");

    public static string? TargetName(this CanaryView canary) => canary.TargetRef?.String("name");

    /// <summary>The name of the Services Flagger generates (<c>apex</c>, <c>apex-primary</c>, <c>apex-canary</c>): service.name, else the target's name.</summary>
    public static string? ApexName(this CanaryView canary) => canary.Service?.String("name") ?? canary.TargetName();

    /// <summary>The node a finding about the generated names points at: service.name when written, else targetRef.name.</summary>
    public static ManifestNode? ApexNode(this CanaryView canary) =>
        (ManifestNode?)canary.Service?.Scalar("name") ?? canary.TargetRef?.Scalar("name");

    /// <summary>Whether the Canary targets this workload (same kind and name; same namespace is the caller's look-up).</summary>
    public static bool Targets(this CanaryView canary, KubernetesResource workload) =>
        canary.TargetKind() == workload.Kind && canary.TargetName() is { } name && name == workload.Name;
}
