using CanaryGuard.Rules.Model;

namespace CanaryGuard.Prometheus;

/// <summary>
/// Flagger's builtin checks for Istio (pkg/metrics/observers/istio.go): the success rate in percent and the 99th
/// percentile of the request duration in milliseconds, of the workloads named by the canary's target.
/// </summary>
internal static class BuiltinQueries
{
    private const string SuccessRate =
        "sum(rate(istio_requests_total{reporter=\"destination\", destination_workload_namespace=\"{{ namespace }}\", destination_workload=~\"{{ target }}\", response_code!~\"5.*\"}[{{ interval }}]))"
        + " / sum(rate(istio_requests_total{reporter=\"destination\", destination_workload_namespace=\"{{ namespace }}\", destination_workload=~\"{{ target }}\"}[{{ interval }}])) * 100";

    private const string Duration =
        "histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{reporter=\"destination\", destination_workload_namespace=\"{{ namespace }}\", destination_workload=~\"{{ target }}\"}[{{ interval }}])) by (le))";

    /// <summary>The builtin query of a metric name for a mesh provider, as a scalar to render; null when not a known builtin.</summary>
    public static ScalarNode? For(string? metricName, string? provider)
    {
        if (provider is not (null or "" or "istio"))
        {
            return null;
        }

        var query = metricName switch
        {
            "request-success-rate" => SuccessRate,
            "request-duration" => Duration,
            _ => null,
        };
        return query is null ? null : new ScalarNode("builtin", null, TextRange.None, KeyRange.None, query, ScalarStyle.Plain, ScalarKind.String);
    }
}
