using CanaryGuard.Webhook.Metrics;

namespace CanaryGuard.Webhook.Canaries;

/// <summary>The outcome of reconciling one Deployment; the <c>result</c> label of canaryguard_canary_reconcile_total.</summary>
public enum ReconcileResult
{
    /// <summary>The Canary was server-side applied (created or brought in step).</summary>
    Applied,

    /// <summary>The managed Canary already matches what would be applied.</summary>
    Unchanged,

    /// <summary>A Canary exists that canaryguard does not manage: left alone.</summary>
    UserOwned,

    /// <summary>The Deployment is not (or no longer) opted in, or is being deleted.</summary>
    NotOptedIn,

    /// <summary>The Deployment did not appear within the wait.</summary>
    DeploymentMissing,

    /// <summary>The generated Canary fails a rule at error level (an override made it unsafe): not applied.</summary>
    Refused,

    /// <summary>No Canary can be generated (no port, bad override value).</summary>
    Invalid,

    /// <summary>The API kept failing after every retry.</summary>
    Error,
}

/// <summary>
/// canaryguard_canary_reconcile_total{result} and the queue depth gauge, registered in the webhook's metrics
/// registry so /metrics has one writer.
/// </summary>
public sealed class CanaryReconcileMetrics
{
    private readonly CounterFamily totals;

    public CanaryReconcileMetrics(MetricsRegistry registry)
    {
        totals = registry.Counter("canaryguard_canary_reconcile_total", "Canary reconciles by result.", "result");

        // Every result is exported from the start, so rate() and alerts see a series before its first event.
        foreach (var result in Enum.GetValues<ReconcileResult>())
        {
            totals.Add(0, Label(result));
        }

        registry.Gauge("canaryguard_canary_reconcile_queue_depth", "Deployments waiting to be reconciled.", () => QueueDepth);
    }

    /// <summary>Reads the current queue depth; set by the reconciler that owns these metrics.</summary>
    internal Func<int> QueueDepthSource { get; set; } = () => 0;

    public int QueueDepth => QueueDepthSource();

    public static string Label(ReconcileResult result) => result switch
    {
        ReconcileResult.Applied => "applied",
        ReconcileResult.Unchanged => "unchanged",
        ReconcileResult.UserOwned => "user_owned",
        ReconcileResult.NotOptedIn => "not_opted_in",
        ReconcileResult.DeploymentMissing => "deployment_missing",
        ReconcileResult.Refused => "refused",
        ReconcileResult.Invalid => "invalid",
        _ => "error",
    };

    public void Record(ReconcileResult result) => totals.Increment(Label(result));

    public long Total(ReconcileResult result) => totals.Value(Label(result));
}
