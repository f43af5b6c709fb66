namespace CanaryGuard.Webhook.Metrics;

/// <summary>The webhook's metrics, by the names dashboards and alerts use.</summary>
public sealed class WebhookMetrics
{
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    public WebhookMetrics(Func<DateTimeOffset?> certificateNotAfter, Func<bool> policyFileInForce)
    {
        Registry = new MetricsRegistry();
        Requests = Registry.Counter("canaryguard_admission_requests_total", "Admission reviews answered, by endpoint, object kind, operation and result (allowed, denied, patched, error: not readable, busy: turned away at the evaluation limit).", "endpoint", "kind", "operation", "result");
        Duration = Registry.Histogram("canaryguard_admission_duration_seconds", "Time to answer an admission review, from the body read to the response.", DurationBuckets);
        Findings = Registry.Counter("canaryguard_findings_total", "Findings reported on admitted objects, by rule id and effective severity.", "rule", "severity");
        PolicyReloads = Registry.Counter("canaryguard_policy_reloads_total", "Policy file reloads, by result (success or failure).", "result");
        Registry.Gauge("canaryguard_policy_file_in_force", "1 when the policy file's current content is in force (or no file is configured), 0 while it is rejected and the last good or, from start, the built-in policy applies.", () => policyFileInForce() ? 1 : 0);
        Registry.Gauge("canaryguard_certificate_expiry_timestamp_seconds", "When the serving certificate expires, in Unix seconds.", () => certificateNotAfter() is { } notAfter ? notAfter.ToUnixTimeSeconds() : double.NaN);
    }

    public MetricsRegistry Registry { get; }

    public CounterFamily Requests { get; }

    public Histogram Duration { get; }

    public CounterFamily Findings { get; }

    public CounterFamily PolicyReloads { get; }
}
