namespace CanaryGuard.Webhook.Admission;

/// <summary>Which admission call a review came in on.</summary>
public enum AdmissionEndpoint
{
    /// <summary><c>/validate</c>: Canaries, MetricTemplates, Deployments.</summary>
    Validate,

    /// <summary><c>/mutate</c>: Deployments opted in by their <c>canaryguard.io/canary: enabled</c> annotation.</summary>
    Mutate,

    /// <summary>
    /// <c>/mutate/namespace</c>: Deployments the MutatingWebhookConfiguration selected by the namespace label
    /// <c>canaryguard.io/canary=enabled</c> (the review alone cannot show namespace labels); opted in unless
    /// the Deployment says <c>canaryguard.io/canary: disabled</c>.
    /// </summary>
    MutateNamespace,
}

public static class AdmissionEndpoints
{
    public static IReadOnlyList<AdmissionEndpoint> All { get; } = [AdmissionEndpoint.Validate, AdmissionEndpoint.Mutate, AdmissionEndpoint.MutateNamespace];

    /// <summary>The URL path the endpoint is served at.</summary>
    public static string Path(this AdmissionEndpoint endpoint) => endpoint switch
    {
        AdmissionEndpoint.Validate => "/validate",
        AdmissionEndpoint.Mutate => "/mutate",
        _ => "/mutate/namespace",
    };

    /// <summary>The endpoint in metric labels and log lines.</summary>
    public static string Name(this AdmissionEndpoint endpoint) => endpoint switch
    {
        AdmissionEndpoint.Validate => "validate",
        AdmissionEndpoint.Mutate => "mutate",
        _ => "mutate-namespace",
    };
}
