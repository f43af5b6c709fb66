using CanaryGuard.Webhook.Kubernetes;

namespace CanaryGuard.Webhook.Canaries;

public sealed record CanaryReconcilerOptions
{
    /// <summary>Deployments that can wait; beyond it <see cref="CanaryReconciler.Enqueue"/> drops (the resync heals).</summary>
    public int QueueCapacity { get; init; } = 1000;

    public int Workers { get; init; } = 2;

    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first resync after start, once the webhook is serving.</summary>
    public TimeSpan InitialResyncDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>±this fraction of the interval, so replicas and restarts do not resync in lockstep.</summary>
    public double ResyncJitter { get; init; } = 0.2;

    /// <summary>Retries of API errors (409, 429, 5xx, timeouts) for one reconcile.</summary>
    public RetryPolicy Retry { get; init; } = new();

    /// <summary>How long to wait for an admitted Deployment to become readable (404 until it is stored).</summary>
    public RetryPolicy DeploymentWait { get; init; } = new() { MaxAttempts = 8, BaseDelay = TimeSpan.FromMilliseconds(250), MaxDelay = TimeSpan.FromSeconds(5) };
}
