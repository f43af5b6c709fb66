using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

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
/// Counters for canaryguard_canary_reconcile_total{result} and the queue depth gauge, for the webhook's /metrics.
/// </summary>
public sealed class CanaryReconcileMetrics
{
    private readonly ConcurrentDictionary<ReconcileResult, long> totals = new();

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

    public void Record(ReconcileResult result) => totals.AddOrUpdate(result, 1, (_, count) => count + 1);

    public long Total(ReconcileResult result) => totals.GetValueOrDefault(result);

    /// <summary>Both metrics in Prometheus text format 0.0.4, HELP and TYPE lines included.</summary>
    public void WritePrometheus(StringBuilder output)
    {
        output.Append("# HELP canaryguard_canary_reconcile_total Canary reconciles by result.\n");
        output.Append("# TYPE canaryguard_canary_reconcile_total counter\n");
        foreach (var result in Enum.GetValues<ReconcileResult>())
        {
            output.Append(CultureInfo.InvariantCulture, $"canaryguard_canary_reconcile_total{{result=\"{Label(result)}\"}} {Total(result)}\n");
        }

        output.Append("# HELP canaryguard_canary_reconcile_queue_depth Deployments waiting to be reconciled.\n");
        output.Append("# TYPE canaryguard_canary_reconcile_queue_depth gauge\n");
        output.Append(CultureInfo.InvariantCulture, $"canaryguard_canary_reconcile_queue_depth {QueueDepth}\n");
    }
}
