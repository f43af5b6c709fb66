using System.Text.Json;

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
    public const string Port = "canaryguard.io/port";

    public const string MaxWeight = "canaryguard.io/max-weight";

    public const string StepWeight = "canaryguard.io/step-weight";

    public const string Interval = "canaryguard.io/interval";

    public const string Threshold = "canaryguard.io/threshold";

    /// <summary>On a generated Canary: the hash of what was applied, so an unchanged Canary is not applied again.</summary>
    public const string GeneratedHash = "canaryguard.io/generated-hash";

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "canaryguard";

    /// <summary>
    /// Opted in by its own annotation, or by its namespace's label unless the annotation says <c>disabled</c>.
    /// The admission review cannot see namespace labels, so the caller says whether the namespace opted in.
    /// </summary>
    public static bool IsOptedIn(JsonElement deployment, bool namespaceOptedIn) =>
        Json.Text(deployment, "metadata", "annotations", Canary) switch
        {
            Enabled => true,
            Disabled => false,
            _ => namespaceOptedIn,
        };
}
