using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1021Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    private const string Metrics = """
            {|CG1021:metrics|}:
              - name: request-success-rate
                thresholdRange: {min: 99}

        """;

    [Fact]
    public void MetricsWithoutWebhooks_AreReportedAtTheMetricsKey() =>
        RuleVerifier.Verify(Yaml.Canary(Head + Metrics), "CG1021");

    [Fact]
    public void OnlyNonGatingWebhooks_DoNotGenerateTraffic() => RuleVerifier.Verify(
        Yaml.Canary(Head + Metrics + "    webhooks:\n      - name: notify\n        type: post-rollout\n        url: http://hooks.test/\n"),
        "CG1021");

    [Theory]
    [InlineData("")]
    [InlineData("        type: rollout\n")]
    [InlineData("        type: pre-rollout\n")]
    public void ARolloutOrPreRolloutWebhook_IsEnough(string type) => RuleVerifier.Verify(
        Yaml.Canary(Head + Metrics.Replace("{|CG1021:metrics|}", "metrics", StringComparison.Ordinal)
            + "    webhooks:\n      - name: load-test\n" + type + "        url: http://flagger-loadtester.test/\n"),
        "CG1021");

    [Fact]
    public void Message_ExplainsMissingTraffic()
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Head + Metrics.Replace("{|CG1021:metrics|}", "metrics", StringComparison.Ordinal)), "CG1021");
        Assert.Equal(
            "the analysis checks metrics but has no rollout or pre-rollout webhook to generate traffic: unless real traffic reaches the canary, its checks find no values and the canary is rolled back",
            finding.Message);
        Assert.Equal(CanaryGuard.Rules.Engine.DiagnosticSeverity.Info, finding.Severity);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + "    # canaryguard-disable-next-line CG1021 -- busy public endpoint\n" + Metrics.Replace("{|CG1021:metrics|}", "metrics", StringComparison.Ordinal)),
        "CG1021",
        "busy public endpoint");
}
