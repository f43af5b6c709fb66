using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1029Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    private const string Webhook = "    webhooks:\n      - name: load-test\n        url: http://flagger-loadtester.test/\n";

    [Fact]
    public void OnlyLatencyChecked_ReportsTheMissingErrorRate() => RuleVerifier.Verify(
        Yaml.Canary(Head + "    {|CG1029:metrics|}:\n      - name: request-duration\n        thresholdRange: {max: 500}\n" + Webhook),
        "CG1029");

    [Fact]
    public void EachMissingKind_IsReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + "    {|CG1029:{|CG1029:metrics|}|}:\n      - name: queue-depth\n        query: sum(queue_depth)\n        thresholdRange: {max: 10}\n" + Webhook),
        "CG1029");

    [Fact]
    public void TemplatesNamedForTheKind_Count() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: errors
                    templateRef: {name: http-5xx}
                    thresholdRange: {max: 1}
                  - name: p99
                    templateRef: {name: P99-Latency}
                    thresholdRange: {max: 500}

            """ + Webhook),
        "CG1029");

    // A template named for what it computes: an average processing time from a _seconds summary's sum and count.
    private static string WithTemplate(string query) => Yaml.Canary(Head + """
                metrics:
                  - name: request-success-rate
                    thresholdRange: {min: 99}
                  - name: processing
                    templateRef: {name: request-processing-seconds-avg}
                    thresholdRange: {max: 3}

            """ + Webhook).Replace("    metrics:\n", "    {|CG1029:metrics|}:\n", StringComparison.Ordinal) + $$"""
        ---
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: request-processing-seconds-avg, namespace: shop}
        spec:
          provider: {type: prometheus, address: http://prometheus:9090}
          query: {{query}}

        """;

    [Fact]
    public void ATemplateWhoseQueryReadsALatencyInSeconds_CountsForRequestDuration() => RuleVerifier.Verify(
        WithTemplate("sum(rate(request_processing_seconds_sum{pod=~\"{{ target }}-.*\"}[1m])) / sum(rate(request_processing_seconds_count{pod=~\"{{ target }}-.*\"}[1m]))")
            .Replace("{|CG1029:metrics|}", "metrics", StringComparison.Ordinal),
        "CG1029");

    [Fact]
    public void ATemplateReadingSomethingElse_DoesNotCount() => RuleVerifier.Verify(
        WithTemplate("sum(rate(container_cpu_usage_seconds_total{pod=~\"{{ target }}-.*\"}[1m]))"),
        "CG1029");

    [Fact]
    public void NoMetricsAtAll_IsLeftToCG1014() => RuleVerifier.Verify(Yaml.Canary(Head + Webhook), "CG1029");

    [Fact]
    public void PolicyRequiredKinds_AreMatchedByName()
    {
        var policy = CanaryGuardPolicy.Default with { Analysis = new AnalysisPolicy { RequiredMetrics = ["saturation"] } };
        RuleVerifier.Verify(Yaml.Canary(Head + "    {|CG1029:metrics|}:\n      - name: request-duration\n        thresholdRange: {max: 500}\n" + Webhook), policy, "CG1029");
        RuleVerifier.Verify(Yaml.Canary(Head + "    metrics:\n      - name: cpu\n        templateRef: {name: saturation}\n        thresholdRange: {max: 80}\n" + Webhook), policy, "CG1029");
    }

    [Fact]
    public void Message_NamesTheMissingKind()
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Head + "    metrics:\n      - name: request-success-rate\n        thresholdRange: {min: 99}\n" + Webhook), "CG1029");
        Assert.Equal("no metric checks the required request-duration: a release that slows down can still be promoted", finding.Message);
        Assert.Equal("spec.analysis.metrics", finding.Path);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + "    # canaryguard-disable-next-line CG1029 -- latency irrelevant for a batch API\n    metrics:\n      - name: request-success-rate\n        thresholdRange: {min: 99}\n" + Webhook),
        "CG1029",
        "latency irrelevant for a batch API");
}
