using System.Net;
using System.Net.Sockets;
using CanaryGuard.Cluster;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Admission;

/// <summary>A real Prometheus holding the Istio series of shop/web and shop/web-primary (a primary at a 66.7% success rate).</summary>
public sealed class ShopPrometheus : IDisposable
{
    public RealPrometheus Server { get; } = RealPrometheus.Start(IstioSeries.For("shop", "web").ToString());

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// Issue 21: with <c>prometheus.address</c> in the policy, a Canary's metric checks run against Prometheus at admission,
/// over the webhook's HTTPS endpoint, and what they find is a warning, never a denial; a Prometheus that is down or
/// silent costs no more than the look-up budget and blocks nothing.
/// </summary>
public sealed class LiveMetricCheckTests(ShopPrometheus prometheus) : IClassFixture<ShopPrometheus>
{
    /// <summary>Rule findings are warnings (nothing the Canary's shape says denies); the primary failing its check is an error.</summary>
    private static string Policy(Uri prometheusAddress) => $$"""
        categories: { Input: warning, Analysis: warning, References: warning, Mesh: warning, Coverage: warning }
        rules: { CG5005: error }
        prometheus: { address: "{{prometheusAddress.AbsoluteUri}}" }
        """;

    [Fact]
    public async Task A_primary_that_already_fails_its_check_is_a_warning_not_a_denial()
    {
        await using var webhook = await RunningWebhook.StartAsync(Policy(prometheus.Server.Address));

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));

        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>());
        var warnings = Reviews.Warnings(review);
        Assert.Contains("CG5005: metric request-success-rate of shop/web already fails on the primary", warnings);
        Assert.DoesNotContain(warnings, w => w.StartsWith("CG5005: metric request-duration", StringComparison.Ordinal) || w.StartsWith("CG5009", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inline_query_without_data_is_a_warning()
    {
        await using var webhook = await RunningWebhook.StartAsync(Policy(prometheus.Server.Address));
        var analysis = Reviews.AnalysisSingleStep.Replace(
            """{"name": "request-duration", "thresholdRange": {"max": 500}, "interval": "1m"}""",
            """{"name": "errors", "thresholdRange": {"max": 1}, "query": "sum(rate(http_errors_total{app=\"web\"}[1m]))"}""",
            StringComparison.Ordinal);

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(analysis)));

        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>());
        Assert.Contains("CG5001: metric errors of shop/web returns no data for the primary", Reviews.Warnings(review));
    }

    [Fact]
    public async Task A_metric_template_is_read_from_the_cluster_and_rendered_for_the_canary()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.Put("/apis/flagger.app/v1beta1/namespaces/monitoring/metrictemplates/wrong-label", """
            {"apiVersion": "flagger.app/v1beta1", "kind": "MetricTemplate", "metadata": {"name": "wrong-label", "namespace": "monitoring"},
             "spec": {"provider": {"type": "prometheus", "address": "http://prometheus.monitoring:9090"},
                      "query": "sum(rate(istio_requests_total{destination_workload_namespace=\"{{ namespace }}\", destination_app=\"{{ target }}\"}[{{ interval }}]))"}}
            """);
        using var client = new ClusterClient(api.Config());
        await using var webhook = await RunningWebhook.StartAsync(Policy(prometheus.Server.Address), cluster: client);
        var analysis = Reviews.AnalysisSingleStep.Replace(
            """{"name": "request-duration", "thresholdRange": {"max": 500}, "interval": "1m"}""",
            """{"name": "wrong-label", "templateRef": {"name": "wrong-label", "namespace": "monitoring"}, "thresholdRange": {"max": 1}, "interval": "1m"}""",
            StringComparison.Ordinal);

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(analysis)));

        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>());
        Assert.Contains("CG5001: metric wrong-label of shop/web returns no data for the canary", Reviews.Warnings(review));
    }

    [Fact]
    public async Task The_canarys_suppress_annotation_silences_a_live_finding_the_policy_lets_it()
    {
        await using var webhook = await RunningWebhook.StartAsync(Policy(prometheus.Server.Address));

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep, suppress: "CG5005: production is degraded, tracked in INC-42")));

        Assert.DoesNotContain(Reviews.Warnings(review), w => w.StartsWith("CG5005", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_prometheus_in_the_policy_nothing_is_asked()
    {
        await using var webhook = await RunningWebhook.StartAsync(Policy(prometheus.Server.Address).Split('\n')[0]);

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));

        Assert.DoesNotContain(Reviews.Warnings(review), w => w.StartsWith("CG50", StringComparison.Ordinal) || w.Contains("metrics not verified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stopped_prometheus_is_one_note_and_no_denial()
    {
        using var stopped = RealPrometheus.Start();
        var address = stopped.Address;
        stopped.Stop();
        await using var webhook = await RunningWebhook.StartAsync(Policy(address));

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));

        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>());
        var warnings = Reviews.Warnings(review);
        Assert.Contains($"canaryguard: metrics not verified: cannot reach {address}api/v1/query: Connection refused", warnings);
        Assert.DoesNotContain(warnings, w => w.StartsWith("CG50", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_prometheus_that_never_answers_is_cut_off_at_the_lookup_budget()
    {
        // Accepts connections and never answers: only the budget's deadline ends the check.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");
        await using var webhook = await RunningWebhook.StartAsync(Policy(address));

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));

        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>());
        Assert.Contains($"canaryguard: metrics not verified: {address} did not answer within the look-up budget", Reviews.Warnings(review));
    }
}
