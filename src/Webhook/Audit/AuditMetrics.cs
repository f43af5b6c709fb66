using CanaryGuard.Webhook.Metrics;

namespace CanaryGuard.Webhook.Audit;

/// <summary>
/// canaryguard_audit_duration_seconds (one pass over the cluster), canaryguard_audit_last_success_timestamp_seconds,
/// and canaryguard_audit_findings{rule,severity}: the findings of the last pass, so an alert can fire on errors.
/// </summary>
public sealed class AuditMetrics
{
    private readonly Histogram duration;
    private readonly GaugeFamily findings;
    private double lastSuccess = double.NaN;

    public AuditMetrics(MetricsRegistry registry)
    {
        duration = registry.Histogram("canaryguard_audit_duration_seconds", "How long one background audit of every namespace took.", [1, 5, 15, 60, 300, 900, 3600]);
        registry.Gauge("canaryguard_audit_last_success_timestamp_seconds", "When the last background audit completed, in Unix time; absent before the first.", () => Volatile.Read(ref lastSuccess));
        findings = registry.GaugeFamily("canaryguard_audit_findings", "Findings of the last background audit, by rule and severity.", "rule", "severity");
    }

    /// <summary>A pass over every namespace completed in <paramref name="took"/> with <paramref name="found"/> findings per (rule, severity).</summary>
    public void Completed(TimeSpan took, IReadOnlyDictionary<(string Rule, string Severity), int> found)
    {
        duration.Observe(took.TotalSeconds);
        findings.Replace(found.Select(f => (new[] { f.Key.Rule, f.Key.Severity }, (double)f.Value)));
        Volatile.Write(ref lastSuccess, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
    }
}
