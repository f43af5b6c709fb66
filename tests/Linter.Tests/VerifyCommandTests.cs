using System.Globalization;
using System.Text;
using System.Text.Json;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

/// <summary>A real Prometheus holding Istio and application series for podinfo and podinfo-primary in namespace test.</summary>
public sealed class VerifyPrometheus : IDisposable
{
    public VerifyPrometheus() => Server = RealPrometheus.Start(Series());

    public RealPrometheus Server { get; }

    public void Dispose() => Server.Dispose();

    /// <summary>
    /// Samples every 15 s from 30 minutes ago to 20 minutes ahead (a run that starts late still finds a full window):
    /// the canary serves only 200s; the primary one 500 for every two 200s (a success rate of 66.7%); both have
    /// millisecond latency buckets; the canary has a latency histogram in seconds and an error counter that never moves.
    /// </summary>
    private static string Series()
    {
        var text = new StringBuilder();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        void Counter(string name, string type, (string Labels, double PerSecond)[] series)
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
        }

        const string Istio = "reporter=\"destination\",destination_workload_namespace=\"test\"";
        Counter("istio_requests", "counter",
        [
            ($"{Istio},destination_workload=\"podinfo\",response_code=\"200\"", 10),
            ($"{Istio},destination_workload=\"podinfo-primary\",response_code=\"200\"", 10),
            ($"{Istio},destination_workload=\"podinfo-primary\",response_code=\"500\"", 5),
        ]);
        var buckets = new List<(string, double)>();
        foreach (var workload in new[] { "podinfo", "podinfo-primary" })
        {
            foreach (var (le, share) in new[] { ("25", 0.5), ("100", 0.9), ("250", 1.0), ("+Inf", 1.0) })
            {
                buckets.Add(($"{Istio},destination_workload=\"{workload}\",le=\"{le}\"", 10 * share));
            }
        }

        Counter("istio_request_duration_milliseconds_bucket", "gauge", [.. buckets]);
        Counter("http_request_duration_seconds_bucket", "gauge",
            [("app=\"podinfo\",le=\"0.1\"", 5), ("app=\"podinfo\",le=\"0.5\"", 9), ("app=\"podinfo\",le=\"+Inf\"", 10)]);
        Counter("app_errors", "counter", [("app=\"podinfo\"", 0)]);
        return text.Append("# EOF\n").ToString();
    }
}

/// <summary><c>canaryguard verify</c>, run as users run it (the built tool, in its own process), against a real Prometheus.</summary>
public sealed class VerifyCommandTests(VerifyPrometheus prometheus) : IClassFixture<VerifyPrometheus>
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "canaryguard.dll");

    private const string Canary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: podinfo, namespace: test}
        spec:
          provider: istio
          metricsServer: "ADDRESS"
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          service: {port: 9898}
          analysis:
            interval: 1m
            threshold: 5
            maxWeight: 50
            stepWeight: 10
            metrics:
              - name: request-success-rate
                thresholdRange: {min: 99}
                interval: 1m
              - name: request-duration
                thresholdRange: {max: 500}
                interval: 1m
              - name: app-latency
                templateRef: {name: app-latency, namespace: test}
                thresholdRange: {max: 0.5}
                interval: 1m
              - name: wrong-label
                templateRef: {name: wrong-label, namespace: test}
                thresholdRange: {max: 1}
                interval: 1m
              - name: error-ratio
                thresholdRange: {max: 1}
                query: sum(rate(app_errors_total{app="podinfo"}[1m])) / sum(rate(app_errors_total{app="podinfo"}[1m]))
              - name: datadog-errors
                templateRef: {name: datadog-errors, namespace: test}
                thresholdRange: {max: 1}
        ---
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: app-latency, namespace: test}
        spec:
          provider: {type: prometheus, address: "ADDRESS"}
          query: |
            histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{app="podinfo"}[{{ interval }}])))
        ---
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: wrong-label, namespace: test}
        spec:
          provider: {type: prometheus, address: "ADDRESS"}
          query: |
            sum(rate(istio_requests_total{destination_workload_namespace="{{ namespace }}", destination_app="{{ target }}"}[{{ interval }}]))
        ---
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: datadog-errors, namespace: test}
        spec:
          provider: {type: datadog, address: https://api.datadoghq.com}
          query: avg:errors{*}

        """;

    private static ProcessResult Verify(TempFolder folder, params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Tool, "verify", .. arguments, Path.Combine(folder.Path, "canary.yaml")], folder.Path);

    private static Dictionary<(string Metric, string Workload), JsonElement> Json(ProcessResult result)
    {
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.EnumerateArray().ToDictionary(e => (e.GetProperty("metric").GetString()!, e.GetProperty("workload").GetString()!), e => e.Clone());
    }

    [Fact]
    public void EachOutcome_IsReportedPerMetricAndWorkload()
    {
        using var folder = new TempFolder();
        folder.Write("canary.yaml", Canary.Replace("ADDRESS", prometheus.Server.Address.AbsoluteUri, StringComparison.Ordinal));

        var result = Verify(folder, "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var outcomes = Json(result);
        string Outcome(string metric, string workload) => outcomes[(metric, workload)].GetProperty("outcome").GetString()!;
        Assert.Equal("passes", Outcome("request-success-rate", "canary"));
        Assert.Equal("failsThreshold", Outcome("request-success-rate", "primary"));
        Assert.Contains("the primary already fails the check", outcomes[("request-success-rate", "primary")].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(66.6667, outcomes[("request-success-rate", "primary")].GetProperty("value").GetDouble(), 3);
        Assert.Equal("passes", Outcome("request-duration", "canary"));
        Assert.Equal("passes", Outcome("app-latency", "canary"));
        Assert.Equal("noData", Outcome("wrong-label", "canary"));
        Assert.Equal(
            "istio_requests_total{destination_workload_namespace=\"test\", destination_app=\"podinfo\"} matches no series; destination_workload_namespace has test; destination_app has no values",
            outcomes[("wrong-label", "canary")].GetProperty("detail").GetString());
        Assert.Equal("notANumber", Outcome("error-ratio", "canary"));
        Assert.Equal("notVerified", Outcome("datadog-errors", "canary"));
    }

    [Fact]
    public void PrometheusOption_OverridesTheTemplatesAddress_AndTextNamesTheProblems()
    {
        using var folder = new TempFolder();
        folder.Write("canary.yaml", Canary.Replace("ADDRESS", "http://prometheus.istio-system:9090", StringComparison.Ordinal));

        var result = Verify(folder, "--prometheus", prometheus.Server.Address.AbsoluteUri);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("FAIL test/podinfo request-success-rate [primary]: fails its threshold: 66.6667 is below the minimum 99: the primary already fails the check, so every release would be rolled back", result.Output, StringComparison.Ordinal);
        Assert.Contains("ok   test/podinfo app-latency [canary]: passes: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("SKIP test/podinfo datadog-errors [canary]: not verified: provider datadog is not verified: only Prometheus is", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void StoppedPrometheus_IsAClearFinding()
    {
        using var stopped = RealPrometheus.Start();
        var address = stopped.Address.AbsoluteUri;
        stopped.Stop();
        using var folder = new TempFolder();
        folder.Write("canary.yaml", Canary.Replace("ADDRESS", address, StringComparison.Ordinal));

        var result = Verify(folder, "--prometheus", address, "--timeout", "5");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"FAIL test/podinfo request-success-rate [canary]: Prometheus unreachable: cannot reach {address}api/v1/query: Connection refused", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void AnAddressThatIsNotAUrl_IsAUsageError()
    {
        var result = CliRunner.Run("verify", "--prometheus", "prometheus:9090", "x.yaml");
        Assert.Equal((2, "canaryguard: --prometheus must be an http or https URL, not 'prometheus:9090'\n"), (result.ExitCode, result.Error));
    }
}
