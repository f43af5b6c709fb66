using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1016Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    [Fact]
    public void BoundsInTheWrongUnit_AreReportedAtTheMinOrMaxKey() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: request-success-rate
                    thresholdRange:
                      {|CG1016:min|}: 0.99
                  - name: request-duration
                    thresholdRange:
                      {|CG1016:max|}: 0.5
                  - name: request-duration
                    thresholdRange: {{|CG1016:max|}: 120000}
                  - name: request-success-rate
                    {|CG1016:threshold|}: 101

            """),
        "CG1016");

    [Fact]
    public void SensibleBounds_AndCustomMetrics_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: request-success-rate
                    thresholdRange: {min: 99}
                  - name: request-duration
                    thresholdRange: {max: 500}
                  - name: error-rate
                    templateRef: {name: error-rate}
                    thresholdRange: {max: 1}

            """),
        "CG1016");

    [Theory]
    [InlineData("request-success-rate", "min: 0.99", "request-success-rate min (0.99) is a percentage, not a ratio: the check passes while up to 99.01% of requests fail")]
    [InlineData("request-success-rate", "min: 1", "request-success-rate min (1) is a percentage, not a ratio: the check passes while up to 99% of requests fail")]
    [InlineData("request-success-rate", "min: 150", "request-success-rate min (150) is above 100%: the check always fails")]
    [InlineData("request-duration", "max: 0.5", "request-duration max (0.5) is read in milliseconds, not seconds: the check fails whenever latency is above 0.5ms")]
    [InlineData("request-duration", "max: 90000", "request-duration max (90000) is read in milliseconds and allows over a minute: the check practically never fails")]
    public void Message_NamesTheBoundAndItsEffect(string metric, string bound, string expected)
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Head + $"    metrics:\n      - name: {metric}\n        thresholdRange: {{{bound}}}\n"), "CG1016");
        Assert.Equal(expected, finding.Message);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + "    metrics:\n      - name: request-success-rate\n        thresholdRange:\n          # canaryguard-disable-next-line CG1016 -- batch job\n          min: 1\n"),
        "CG1016",
        "batch job");

    [Fact]
    public void MillisecondBoundOnASecondsHistogramTemplate_IsReported()
    {
        var template = "apiVersion: flagger.app/v1beta1\nkind: MetricTemplate\nmetadata: {name: latency, namespace: shop}\nspec:\n  provider: {type: prometheus, address: http://prom:9090}\n  query: |\n"
            + "    histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{pod=~\"{{ target }}-.*\"}[{{ interval }}])))\n";
        var result = RuleVerifier.Verify(
            Yaml.Canary(Head + "    metrics:\n      - name: latency\n        templateRef: {name: latency}\n        thresholdRange:\n          {|CG1016:max|}: 500\n") + "---\n" + template,
            "CG1016");
        Assert.Equal(
            "latency max (500) is compared with a latency in seconds (http_request_duration_seconds_bucket): 500 seconds practically never fails; write the bound in seconds",
            Assert.Single(result.Diagnostics, d => d.Id == "CG1016").Message);
    }

    [Theory]
    [InlineData("0.5", "http_request_duration_seconds_bucket")]
    [InlineData("500", "http_request_duration_milliseconds_bucket")]
    public void SecondsBoundsAndMillisecondHistograms_AreNotReported(string max, string metric) => RuleVerifier.Verify(
        Yaml.Canary(Head + "    metrics:\n      - name: latency\n        thresholdRange: {max: " + max + "}\n        query: histogram_quantile(0.99, sum by (le) (rate(" + metric + "{app=\"web\"}[1m])))\n"),
        "CG1016");
}
