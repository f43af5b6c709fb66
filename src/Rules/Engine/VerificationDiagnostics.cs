namespace CanaryGuard.Rules.Engine;

/// <summary>
/// What a live verification of a metric check (<c>canaryguard verify</c>, the webhook's optional Prometheus check)
/// finds, one id per outcome, so every report format, policy severity, suppression comment and baseline treats them
/// as it treats the rules' findings. Each is placed at the query Prometheus ran (the selector that matched nothing,
/// when known). The arguments are the Canary (namespace/name), the metric, the workload (primary or canary) and the
/// detail Prometheus' answer gave.
/// </summary>
public static class VerificationDiagnostics
{
    public static readonly DiagnosticDescriptor NoData = new(
        "CG5001",
        "Metric check returns no data",
        "metric {1} of {0} returns no data for the {2}: {3}; Flagger's check fails (\"no values found for metric\")",
        RuleCategories.Verification,
        DiagnosticSeverity.Error,
        "Prometheus returned no series for the query Flagger will run. Flagger counts a check without values as failed: on the canary every release is rolled back, on the primary the query is wrong for every release.");

    public static readonly DiagnosticDescriptor NotANumber = new(
        "CG5002",
        "Metric check returns NaN",
        "metric {1} of {0} returns NaN for the {2}: {3}; Flagger's check fails",
        RuleCategories.Verification,
        DiagnosticSeverity.Error,
        "The query's value is NaN, most often a ratio divided by zero because the window held no requests. Flagger cannot compare NaN with the threshold and counts the check as failed.");

    public static readonly DiagnosticDescriptor SeveralSeries = new(
        "CG5003",
        "Metric check returns several series",
        "metric {1} of {0} returns several series for the {2}: {3}",
        RuleCategories.Verification,
        DiagnosticSeverity.Warning,
        "Flagger reads one number from a query; of several series it keeps whichever Prometheus lists last, so the check judges an arbitrary one.");

    public static readonly DiagnosticDescriptor QueryRejected = new(
        "CG5004",
        "Metric check cannot run",
        "metric {1} of {0} cannot run for the {2}: {3}; every check fails and every release is rolled back",
        RuleCategories.Verification,
        DiagnosticSeverity.Error,
        "Prometheus rejected the query, or Flagger cannot render its template: every check fails, and every release is rolled back.");

    public static readonly DiagnosticDescriptor PrimaryFailsThreshold = new(
        "CG5005",
        "Primary already fails the metric check",
        "metric {1} of {0} already fails on the {2}: {3}; every release would be rolled back",
        RuleCategories.Verification,
        DiagnosticSeverity.Error,
        "The version in production, measured the way Flagger will measure the canary, is already outside the threshold: unless the canary does better than production, every release is rolled back. The threshold, the query or production is wrong.");

    public static readonly DiagnosticDescriptor CanaryFailsThreshold = new(
        "CG5006",
        "Canary fails the metric check now",
        "metric {1} of {0} fails on the {2} now: {3}",
        RuleCategories.Verification,
        DiagnosticSeverity.Info,
        "The canary workload's current value is outside the threshold. Outside an analysis the canary is scaled to zero or runs the promoted version, so this is for information; during an analysis it is the check Flagger is failing.");

    public static readonly DiagnosticDescriptor PrometheusUnreachable = new(
        "CG5007",
        "Prometheus unreachable",
        "metric {1} of {0} could not be verified for the {2}: {3}",
        RuleCategories.Verification,
        DiagnosticSeverity.Error,
        "Prometheus could not be reached or did not answer in time, so the check was not verified. If Flagger cannot reach it either (the address is wrong from inside the cluster too), every check fails.");

    public static readonly DiagnosticDescriptor NotVerified = new(
        "CG5008",
        "Metric check not verified",
        "metric {1} of {0} is not verified for the {2}: {3}",
        RuleCategories.Verification,
        DiagnosticSeverity.Info,
        "The check uses a provider other than Prometheus (Datadog, CloudWatch, New Relic, ...), a builtin metric of another mesh, a MetricTemplate that is not among the inputs, or has no Prometheus address: nothing was asked.");

    public static readonly DiagnosticDescriptor Passes = new(
        "CG5009",
        "Metric check passes",
        "metric {1} of {0} passes for the {2}: {3}",
        RuleCategories.Verification,
        DiagnosticSeverity.Info,
        "The query returned one number within the threshold: the check works as Flagger will run it, now.");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        [NoData, NotANumber, SeveralSeries, QueryRejected, PrimaryFailsThreshold, CanaryFailsThreshold, PrometheusUnreachable, NotVerified, Passes];
}
