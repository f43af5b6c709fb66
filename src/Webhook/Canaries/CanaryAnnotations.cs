using System.Text.Json;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Generation;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Webhook.Canaries;

/// <summary>The annotations and labels through which users steer Canary generation.</summary>
public static class CanaryAnnotations
{
    /// <summary><c>enabled</c> opts a Deployment in, <c>disabled</c> opts it out (also of a namespace-wide opt-in).</summary>
    public const string Canary = "canaryguard.io/canary";

    /// <summary>The namespace label that opts every Deployment of the namespace in (<c>canaryguard.io/canary=enabled</c>).</summary>
    public const string NamespaceLabel = "canaryguard.io/canary";

    public const string Enabled = "enabled";

    public const string Disabled = "disabled";

    /// <summary>The Canary's <c>service.port</c>, when the container ports do not tell.</summary>
    public const string Port = CanaryGenerator.PortAnnotation;

    public const string MaxWeight = CanaryGenerator.MaxWeightAnnotation;

    public const string StepWeight = CanaryGenerator.StepWeightAnnotation;

    public const string Interval = CanaryGenerator.IntervalAnnotation;

    public const string Threshold = CanaryGenerator.ThresholdAnnotation;

    /// <summary>On a generated Canary: the hash of what was applied, so an unchanged Canary is not applied again.</summary>
    public const string GeneratedHash = "canaryguard.io/generated-hash";

    /// <summary>On a generated Canary: the policy's <c>generation</c> it was built from; a lower one never replaces it.</summary>
    public const string PolicyGeneration = "canaryguard.io/policy-generation";

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "canaryguard";

    /// <summary>
    /// Opted in by its own annotation, or by its namespace's label unless the annotation says <c>disabled</c>;
    /// never when a Flagger Canary controls it (Flagger's <c>NAME-primary</c> copies the target's annotations).
    /// The admission review cannot see namespace labels, so the caller says whether the namespace opted in.
    /// Reads metadata only, so a metadata-only list item answers as the full object does.
    /// </summary>
    public static bool IsOptedIn(JsonElement deployment, bool namespaceOptedIn) =>
        Json.Text(deployment, "metadata", "annotations", Canary) switch
        {
            Enabled => !IsOwnedByCanary(deployment),
            Disabled => false,
            _ => namespaceOptedIn && !IsOwnedByCanary(deployment),
        };

    /// <summary>The linter's CG4001 test of the same question, on the object's metadata.</summary>
    public static bool IsOwnedByCanary(JsonElement deployment) =>
        deployment.ValueKind == JsonValueKind.Object && deployment.TryGetProperty("metadata", out var metadata)
        && metadata.TryGetProperty("ownerReferences", out _)
        && CanaryGenerator.IsOwnedByCanary(JsonManifestReader.Read(metadata) as MappingNode);
}
