using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1015Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    [Fact]
    public void MissingEmptyAndInvertedThresholds_AreReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - {|CG1015:name|}: error-rate
                    templateRef: {name: error-rate}
                  - name: request-success-rate
                    {|CG1015:thresholdRange|}: {}
                    interval: 1m
                  - name: latency
                    query: histogram_quantile(0.99, rate(latency_bucket[1m]))
                    {|CG1015:thresholdRange|}:
                      min: 500
                      max: 100

            """),
        "CG1015");

    [Fact]
    public void UsableThresholds_AndUnresolvableMetrics_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: request-success-rate
                    thresholdRange: {min: 99}
                  - name: request-duration
                    threshold: 500
                  - name: error-rate
                    templateRef: {name: error-rate}
                    thresholdRange: {min: 0, max: 0}
                  - name: typo-without-template

            """),
        "CG1015");

    [Theory]
    [InlineData("request-success-rate", "Flagger requires a success rate of at least 0% and the check never fails")]
    [InlineData("request-duration", "Flagger allows a latency of at most 0ms and the check always fails")]
    public void Message_SaysWhatFlaggerDoesWithoutAThreshold(string metric, string consequence)
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Head + $"    metrics:\n      - name: {metric}\n        interval: 1m\n"), "CG1015");
        Assert.Equal($"metric {metric} has no thresholdRange and no threshold: {consequence}", finding.Message);
    }

    [Fact]
    public void Message_ForAnInvertedRange_SaysTheCheckAlwaysFails()
    {
        var finding = RuleVerifier.Single(
            Yaml.Canary(Head + "    metrics:\n      - name: error-rate\n        templateRef: {name: error-rate}\n        thresholdRange: {min: 5, max: 1}\n"),
            "CG1015");
        Assert.Equal("metric error-rate has thresholdRange min (5) above max (1): no value is in range and the check always fails", finding.Message);
        Assert.Equal("spec.analysis.metrics[0].thresholdRange", finding.Path);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + "    metrics:\n      - name: request-success-rate\n        # canaryguard-disable-next-line CG1015 -- observed only\n        thresholdRange: {}\n"),
        "CG1015",
        "observed only");
}
