using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Tests.Shared;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;
using static CanaryGuard.Rules.Tests.Rules.References.MetricQueries;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG5010Tests
{
    /// <summary>A prometheus MetricTemplate shop/NAME whose query is the given lines, as a literal block.</summary>
    private static string NamedTemplate(string name, params string[] queryLines) =>
        Template(queryLines).Replace("  name: t\n", $"  name: {name}\n", StringComparison.Ordinal);

    /// <summary>Canary shop/web with one metric NAME whose inline query is the given lines.</summary>
    private static string NamedInlineQuery(string name, params string[] queryLines) =>
        InlineQuery(queryLines).Replace("      - name: errors\n", $"      - name: {name}\n", StringComparison.Ordinal);

    [Fact]
    public void LatencyTemplateMeasuringTheRequestRate_IsReportedAtTheQueryInsideTheBlock()
    {
        var result = RuleVerifier.Verify(
            NamedTemplate("latency", "{|CG5010:sum(", "  rate(http_requests_total{pod=~\"{{ target }}-.*\"}[{{ interval }}])", ")|}"),
            "CG5010");

        Assert.Equal(
            "MetricTemplate latency is named as a latency, but its query reads no duration, latency or histogram series: the check gates something else, and a release that breaks the latency passes it",
            Assert.Single(result.Diagnostics, d => d.Id == "CG5010").Message);
    }

    [Theory]
    [InlineData("histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{pod=~\"{{ target }}-.*\"}[1m])) by (le))")]
    [InlineData("histogram_quantile(0.99, sum(rate(response_latency_ms_bucket{deployment=~\"{{ target }}\"}[1m])) by (le))")]
    [InlineData("max(http_server_requests_seconds{app=\"{{ target }}\", quantile=\"0.99\"})")]
    [InlineData("sum(rate(request_processing_seconds_sum{app=\"{{ target }}\"}[1m])) / sum(rate(request_processing_seconds_count{app=\"{{ target }}\"}[1m]))")]
    [InlineData("max(nginx_ingress_controller_response_time{ingress=\"{{ ingress }}\"})")]
    public void LatencyTemplatesReadingTimedSeries_AreNotReported(string query) =>
        RuleVerifier.Verify(NamedTemplate("request-duration", query), "CG5010");

    [Fact]
    public void SuccessRateTemplateCountingAllRequests_IsReported() => RuleVerifier.Verify(
        NamedTemplate("success-rate", "{|CG5010:sum(rate(http_requests_total{app=\"{{ target }}\"}[{{ interval }}]))|}"),
        "CG5010");

    [Theory]
    [InlineData("sum(rate(http_requests_total{app=\"{{ target }}\", status!~\"5..\"}[1m]))")]
    [InlineData("sum(rate(grpc_server_handled_total{app=\"{{ target }}\", grpc_code!=\"OK\"}[1m]))")]
    [InlineData("sum(rate(response_total{deployment=~\"{{ target }}\", classification!=\"failure\"}[1m]))")]
    [InlineData("sum(rate(app_errors_total{app=\"{{ target }}\"}[1m]))")]
    [InlineData("sum(rate(ok_total{app=\"{{ target }}\"}[1m])) / sum(rate(all_total{app=\"{{ target }}\"}[1m]))")]
    public void RateTemplatesSeparatingOutcomes_AreNotReported(string query) =>
        RuleVerifier.Verify(NamedTemplate("error-rate", query), "CG5010");

    [Fact]
    public void ARatioByANumber_IsNoRate() => RuleVerifier.Verify(
        NamedTemplate("success-rate", "{|CG5010:sum(rate(http_requests_total{app=\"{{ target }}\"}[1m])) / 60|}"),
        "CG5010");

    [Fact]
    public void InlineErrorQueryMeasuringALatency_IsReportedAtItsExpression() => RuleVerifier.Verify(
        NamedInlineQuery("error-rate", "{|CG5010:histogram_quantile(0.99,", "  sum(rate(d_seconds_bucket{app=\"web\"}[1m])) by (le))|}"),
        "CG5010");

    [Fact]
    public void InlineLatencyQueryCountingRequests_IsReportedInAFoldedBlock() => RuleVerifier.Verify(
        NamedInlineQuery("request-duration", "{|CG5010:sum(rate(requests_total{app=\"web\"}[1m]))|}").Replace("query: |", "query: >", StringComparison.Ordinal),
        "CG5010");

    [Fact]
    public void MetricsNamedForNeither_AreNotReported()
    {
        RuleVerifier.Verify(NamedTemplate("not-found-percentage", "sum(rate(http_requests_total{app=\"{{ target }}\"}[1m]))"), "CG5010");
        RuleVerifier.Verify(NamedInlineQuery("throughput", "sum(rate(requests_total{app=\"web\"}[1m]))"), "CG5010");
    }

    [Fact]
    public void ALatencyMetricUsingARateTemplate_IsReportedAtTheTemplateName() => RuleVerifier.Verify(
        Canary + "  analysis:\n    interval: 1m\n    metrics:\n      - name: request-duration\n        templateRef:\n          {|CG5010:name|}: error-rate\n        thresholdRange: {max: 500}\n---\n" + MetricTemplate,
        "CG5010");

    [Fact]
    public void AMetricUsingATemplateNamedForTheSamePurpose_IsJudgedAtTheTemplateOnly() => RuleVerifier.Verify(
        Canary + "  analysis:\n    interval: 1m\n    metrics:\n      - name: error-rate\n        templateRef:\n          name: error-rate\n        thresholdRange: {max: 1}\n---\n" + MetricTemplate,
        "CG5010");

    /// <summary>Precision: Flagger's own Canaries and MetricTemplates (docs, examples, end-to-end tests) measure what they say.</summary>
    [SharedDataFact]
    public void FlaggersCanariesAndTemplates_GetNoFinding()
    {
        var flagger = SharedData.Path("flagger");
        var files = new[] { "canaries", "metrictemplates", "workloads" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(flagger, folder), "*.yaml"))
            .Order(StringComparer.Ordinal)
            .Select(path => YamlManifestReader.Read(path, File.ReadAllText(path)))
            .ToList();

        var result = AnalysisEngine.CreateDefault().Analyze(files, new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default });

        var judged = files.SelectMany(KubernetesResource.FromFile).Count(r => r.Kind == "MetricTemplate" && r.Name is { } name
            && new[] { "latency", "duration", "success", "error" }.Any(purpose => name.Contains(purpose, StringComparison.Ordinal)));
        Assert.True(judged >= 8, $"only {judged} MetricTemplates named for a latency or a rate");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CG5010");
    }
}
