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

    /// <summary>A Service Flagger would take over exists and routes to other pods: not generated.</summary>
    ServiceConflict,

    /// <summary>The Canary in the cluster was built from a later policy generation than this replica's: left alone.</summary>
    StalePolicy,

    /// <summary>No Canary can be generated (no port, bad override value).</summary>
    Invalid,

    /// <summary>The API kept failing after every retry.</summary>
    Error,
}

/// <summary>
/// canaryguard_canary_reconcile_total{result}, canaryguard_canary_queue_drops_total{reason}, the queue depth and
/// leadership gauges, registered in the webhook's metrics registry so /metrics has one writer.
/// </summary>
public sealed class CanaryReconcileMetrics
{
    /// <summary>Why a key left the queue unreconciled: the labels of canaryguard_canary_queue_drops_total.</summary>
    public static readonly IReadOnlyList<string> DropReasons = ["refused", "evicted", "full", "not_found"];

    private readonly CounterFamily totals;
    private readonly CounterFamily drops;

    public CanaryReconcileMetrics(MetricsRegistry registry)
    {
        totals = registry.Counter("canaryguard_canary_reconcile_total", "Canary reconciles by result.", "result");

        // Every result is exported from the start, so rate() and alerts see a series before its first event.
        foreach (var result in Enum.GetValues<ReconcileResult>())
        {
            totals.Add(0, Label(result));
        }

        registry.Gauge("canaryguard_canary_reconcile_queue_depth", "Deployments waiting to be reconciled.", () => QueueDepth);
        drops = registry.Counter(
            "canaryguard_canary_queue_drops_total",
            "Deployments that left the reconcile queue unreconciled: refused (queue full), evicted (a retry displaced by a fresh key), full (no room for a retry), not_found (missing after every retry).",
            "reason");
        foreach (var reason in DropReasons)
        {
            drops.Add(0, reason);
        }

        registry.Gauge("canaryguard_canary_leader", "1 while this replica holds the Canary generation Lease and reconciles, else 0.", () => IsLeader ? 1 : 0);
    }

    /// <summary>Whether this replica leads; set by the reconciler that owns these metrics.</summary>
    internal bool IsLeader { get; set; }

    public void Dropped(string reason) => drops.Increment(reason);

    public long Drops(string reason) => drops.Value(reason);

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
        ReconcileResult.ServiceConflict => "service_conflict",
        ReconcileResult.StalePolicy => "stale_policy",
        ReconcileResult.Invalid => "invalid",
        _ => "error",
    };

    public void Record(ReconcileResult result) => totals.Increment(Label(result));

    public long Total(ReconcileResult result) => totals.Value(Label(result));
}
