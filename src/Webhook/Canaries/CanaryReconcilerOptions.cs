using CanaryGuard.Cluster;
using CanaryGuard.Webhook.Leadership;

namespace CanaryGuard.Webhook.Canaries;

public sealed record CanaryReconcilerOptions
{
    /// <summary>Where the webhook runs when neither the pod nor the kubeconfig says (deploy/manifests/base).</summary>
    public const string DefaultNamespace = "canaryguard-system";

    /// <summary>
    /// The namespaces the webhook configurations exclude (deploy/manifests/webhooks/webhooks.yaml): the system's, the
    /// mesh's, Flagger's and CanaryGuard's own. The reconciler never acts there either.
    /// </summary>
    public static readonly IReadOnlyList<string> WebhookExcludedNamespaces =
        ["kube-system", "kube-public", "kube-node-lease", "canaryguard-system", "istio-system", "flagger-system"];

    /// <summary>Keys queued or waiting out a backoff; beyond it <see cref="CanaryReconciler.Enqueue"/> refuses (the resync heals).</summary>
    public int QueueCapacity { get; init; } = 1000;

    public int Workers { get; init; } = 2;

    /// <summary>
    /// How often the leader lists every Deployment (metadata only): it catches admissions that reached a follower
    /// replica or were missed while the webhook was down.
    /// </summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The first resync after this replica becomes leader.</summary>
    public TimeSpan InitialResyncDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>±this fraction of the interval, so restarts do not resync in lockstep.</summary>
    public double ResyncJitter { get; init; } = 0.2;

    /// <summary>Deployments per page of the resync's list.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Retries of API errors (409, 429, 5xx, timeouts) for one reconcile.</summary>
    public RetryPolicy Retry { get; init; } = new();

    /// <summary>
    /// How often, and after what backoff, an admitted Deployment that is not readable yet (404 until it is stored)
    /// is looked up again from the queue before it is dropped.
    /// </summary>
    public RetryPolicy DeploymentWait { get; init; } = new() { MaxAttempts = 8, BaseDelay = TimeSpan.FromMilliseconds(250), MaxDelay = TimeSpan.FromSeconds(5) };

    /// <summary>Namespaces never reconciled; an overlay that excludes more in the webhook configurations says so here too.</summary>
    public IReadOnlyList<string> ExcludedNamespaces { get; init; } = WebhookExcludedNamespaces;

    /// <summary>Leader election; null reconciles without it (a single instance, or tests).</summary>
    public LeaseElectorOptions? Leadership { get; init; } = new();

    /// <summary>The Lease's namespace (the webhook's own); null for the pod's or the kubeconfig's namespace.</summary>
    public string? LeaseNamespace { get; init; }

    /// <summary>This replica's name in the Lease; null for the host name and a random suffix.</summary>
    public string? Identity { get; init; }
}
