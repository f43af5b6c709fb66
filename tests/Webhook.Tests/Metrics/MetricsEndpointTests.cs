using System.Net;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [SharedDataFact]
    public async Task Metrics_text_parses_back_with_requests_durations_findings_reloads_and_expiry()
    {
        await using var webhook = await RunningWebhook.StartAsync();
        await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisWithoutChecks)));
        await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));
        await webhook.ReviewAsync("/mutate/namespace", Reviews.Review(Reviews.RecordedDeployment()));
        using (await webhook.PostAsync("/validate", "not json"))
        {
        }

        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(webhook.Server.HealthAddress, "/metrics"));
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("counter", metrics.Types["canaryguard_admission_requests_total"]);
        Assert.Equal("histogram", metrics.Types["canaryguard_admission_duration_seconds"]);
        Assert.Equal("counter", metrics.Types["canaryguard_findings_total"]);
        Assert.Equal("counter", metrics.Types["canaryguard_policy_reloads_total"]);
        Assert.Equal("gauge", metrics.Types["canaryguard_certificate_expiry_timestamp_seconds"]);
        Assert.Equal(1, Requests(metrics, "validate", "Canary", "CREATE", "denied"));
        Assert.Equal(1, Requests(metrics, "validate", "Canary", "CREATE", "allowed"));
        Assert.Equal(1, Requests(metrics, "mutate-namespace", "Deployment", "CREATE", "patched"));
        Assert.Equal(1, Requests(metrics, "validate", "unknown", "unknown", "error"));
        Assert.Equal(1, metrics.Value("canaryguard_findings_total", ("rule", "CG1013"), ("severity", "error")));
        Assert.Equal(1, metrics.Value("canaryguard_findings_total", ("rule", "CG1005"), ("severity", "warning")));
        Assert.Equal(1, metrics.Value("canaryguard_policy_reloads_total", ("result", "success")));
        Assert.Equal(3, metrics.Value("canaryguard_admission_duration_seconds_count"));
        Assert.Equal(3, metrics.Value("canaryguard_admission_duration_seconds_bucket", ("le", "+Inf")));
        var buckets = metrics.Samples.Where(s => s.Name == "canaryguard_admission_duration_seconds_bucket").Select(s => s.Value).ToList();
        Assert.Equal(buckets.Order(), buckets);
        Assert.Equal(webhook.Certificates.Serving.NotAfter.ToUniversalTime(), DateTimeOffset.FromUnixTimeSeconds((long)metrics.Value("canaryguard_certificate_expiry_timestamp_seconds")!).UtcDateTime, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The attack: 20,000 distinct operations made 20,002 series and a 22 MB /metrics. Every label now comes
    /// from a closed set, so after the first refusal the flood changes counter values only.
    /// </summary>
    [Fact]
    public async Task A_flood_of_distinct_operations_adds_no_series_and_does_not_grow_the_metrics()
    {
        await using var webhook = await RunningWebhook.StartAsync(capturedLevel: Microsoft.Extensions.Logging.LogLevel.Error);
        await FloodAsync(webhook, 0, 1);
        var before = (await webhook.GetHealthAsync("/metrics")).Body;

        await FloodAsync(webhook, 1, 2000);
        var after = (await webhook.GetHealthAsync("/metrics")).Body;

        Assert.Equal(Series(before), Series(after));
        Assert.InRange(after.Length - before.Length, 0, 64);
        Assert.Equal(2000, PrometheusText.Parse(after).Value("canaryguard_admission_requests_total", ("endpoint", "validate"), ("kind", "unknown"), ("operation", "unknown"), ("result", "error")));
    }

    private static async Task FloodAsync(RunningWebhook webhook, int from, int to)
    {
        using var client = webhook.NewClient();
        var next = from;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next) - 1; i < to; i = Interlocked.Increment(ref next) - 1)
            {
                var review = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep), operation: $"OPERATION-{i}");
                using var response = await webhook.PostAsync("/validate", review.ToJsonString(), client);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));
    }

    /// <summary>Each sample's name and labels, without its value.</summary>
    private static List<string> Series(string metrics) =>
        [.. metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.LastIndexOf(' ')])];

    private static double? Requests(PrometheusText metrics, string endpoint, string kind, string operation, string result) =>
        metrics.Value("canaryguard_admission_requests_total", ("endpoint", endpoint), ("kind", kind), ("operation", operation), ("result", result));
}
