using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// How Flagger v1.44 reads the parts of a Canary's analysis that several check rules (CG1013-CG1029) share:
/// builtin metrics, webhook types and timeouts, metric windows and the traffic provider.
/// </summary>
public static class AnalysisFacts
{
    /// <summary>Flagger's webhook timeout when none (or a one-character one) is written.</summary>
    public static readonly TimeSpan DefaultWebhookTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The query window Flagger passes to a builtin or template metric that sets no interval.</summary>
    public static readonly TimeSpan DefaultMetricWindow = TimeSpan.FromMinutes(1);

    public const string RolloutHook = "rollout";
    public const string PreRolloutHook = "pre-rollout";
    public const string RollbackHook = "rollback";

    public static bool IsBuiltin(string? metricName) =>
        metricName is BuiltinMetrics.RequestSuccessRate or BuiltinMetrics.RequestDuration;

    /// <summary>Rollout and pre-rollout hooks are the ones whose failure counts against the analysis.</summary>
    public static bool IsGating(WebhookView webhook) => webhook.Type is RolloutHook or PreRolloutHook;

    /// <summary>Whether Flagger evaluates the metric at all: builtins by name, others through a template or a query.</summary>
    public static bool IsResolvable(MetricView metric) =>
        IsBuiltin(metric.Name) || metric.Node.ContainsKey("templateRef") || metric.Node.ContainsKey("query");

    /// <summary>Where a finding about a whole list entry points: its <c>name</c> key, else the entry.</summary>
    public static ManifestNode Anchor(MappingNode entry) => entry["name"] ?? entry;

    /// <summary>The metric's name for messages, or its position when it has none.</summary>
    public static string DisplayName(MetricView metric) => metric.Name ?? metric.Node.Path;

    /// <summary>The analysis interval with Flagger's 10s floor; null when absent or not a Go duration.</summary>
    public static TimeSpan? EffectiveInterval(AnalysisView analysis) =>
        analysis.IntervalDuration is { } interval ? RolloutSchedule.EffectiveInterval(interval) : null;

    /// <summary>
    /// The query window of a metric: its interval or Flagger's 1m default. False when the interval is not a
    /// duration (the input rules report that).
    /// </summary>
    public static bool TryGetMetricWindow(MetricView metric, out TimeSpan window)
    {
        window = DefaultMetricWindow;
        return metric.Interval is not { } written || GoDuration.TryParse(written.Value, out window);
    }

    /// <summary>
    /// The per-attempt timeout Flagger gives a webhook call: the written one, or 10s when it is absent or shorter
    /// than two characters. Zero means no timeout at all. False when it is not a duration.
    /// </summary>
    public static bool TryGetWebhookTimeout(WebhookView webhook, out TimeSpan timeout)
    {
        timeout = DefaultWebhookTimeout;
        return webhook.Timeout is not { Value.Length: >= 2 } written || GoDuration.TryParse(written.Value, out timeout);
    }

    /// <summary>The retries of a webhook (0 when absent; Flagger's HTTP client treats a negative count as none).</summary>
    public static bool TryGetWebhookRetries(WebhookView webhook, out long retries)
    {
        retries = 0;
        if (webhook.Retries is not { IsNull: false } written)
        {
            return true;
        }

        if (!written.TryGetInt64(out retries))
        {
            return false;
        }

        retries = Math.Max(retries, 0);
        return true;
    }

    /// <summary>The provider Flagger routes this Canary with: its own, else the mesh-wide default from the policy.</summary>
    public static string Provider(CanaryView canary, CanaryGuardPolicy policy) => canary.EffectiveProvider(policy.MeshProvider);

    public static bool IsIstio(string provider) => provider == "istio";

    /// <summary>gatewayapi:v1, gatewayapi:v1beta1 and a bare gatewayapi mesh-provider flag.</summary>
    public static bool IsGatewayApi(string provider) => provider.StartsWith("gatewayapi", StringComparison.Ordinal);

    /// <summary>Traffic mirroring is implemented by the Istio router and the Gateway API v1 router only.</summary>
    public static bool SupportsMirroring(string provider) =>
        IsIstio(provider) || (IsGatewayApi(provider) && provider != "gatewayapi:v1beta1");

    /// <summary>Cookie-based session affinity is implemented by the Istio and Gateway API routers only.</summary>
    public static bool SupportsSessionAffinity(string provider) => IsIstio(provider) || IsGatewayApi(provider);
}
