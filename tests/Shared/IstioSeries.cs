using System.Globalization;
using System.Text;

namespace CanaryGuard.Tests.Shared;

/// <summary>
/// OpenMetrics text for <see cref="RealPrometheus.Start"/>: series that grow at a steady rate, sampled every 15 s from
/// 30 minutes ago to 20 minutes ahead (a run that starts late still finds a full window), and the Istio series of a
/// primary and a canary that Flagger's builtin checks read.
/// </summary>
public sealed class IstioSeries
{
    private readonly StringBuilder text = new();
    private readonly long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>
    /// The canary (<paramref name="workload"/>) serves only 200s; the primary one 500 for every two 200s (a success
    /// rate of 66.7%); both have millisecond latency buckets (a p99 of about 235 ms).
    /// </summary>
    public static IstioSeries For(string ns, string workload)
    {
        var series = new IstioSeries();
        var istio = $"reporter=\"destination\",destination_workload_namespace=\"{ns}\"";
        series.Growing("istio_requests", "counter",
        [
            ($"{istio},destination_workload=\"{workload}\",response_code=\"200\"", 10),
            ($"{istio},destination_workload=\"{workload}-primary\",response_code=\"200\"", 10),
            ($"{istio},destination_workload=\"{workload}-primary\",response_code=\"500\"", 5),
        ]);
        var buckets = new List<(string, double)>();
        foreach (var name in new[] { workload, workload + "-primary" })
        {
            foreach (var (le, share) in new[] { ("25", 0.5), ("100", 0.9), ("250", 1.0), ("+Inf", 1.0) })
            {
                buckets.Add(($"{istio},destination_workload=\"{name}\",le=\"{le}\"", 10 * share));
            }
        }

        return series.Growing("istio_request_duration_milliseconds_bucket", "gauge", [.. buckets]);
    }

    /// <summary>One metric family whose series grow by their rate per second (a counter's name gets <c>_total</c>).</summary>
    public IstioSeries Growing(string name, string type, (string Labels, double PerSecond)[] series)
    {
        text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} {type}\n");
        foreach (var (labels, perSecond) in series)
        {
            for (var t = now - 1800; t <= now + 1200; t += 15)
            {
                var value = perSecond * (t - now + 1800);
                text.Append(CultureInfo.InvariantCulture, $"{name}{(type == "counter" ? "_total" : string.Empty)}{{{labels}}} {value} {t}\n");
            }
        }

        return this;
    }

    public override string ToString() => text + "# EOF\n";
}
