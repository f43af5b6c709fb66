using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1014Tests
{
    private const string OnlyWebhooks = """
            interval: 1m
            threshold: 5
            stepWeight: 10
            webhooks:
              - name: load-test
                url: http://flagger-loadtester.test/
              - name: smoke
                type: pre-rollout
                url: http://flagger-loadtester.test/
              - name: notify
                type: post-rollout
                url: http://hooks.test/notify

        """;

    [Fact]
    public void WebhooksWithoutMetrics_AreReportedAtTheAnalysisKey() =>
        RuleVerifier.Verify(CheckYaml.MarkAnalysis(Yaml.Canary(OnlyWebhooks), "CG1014"), "CG1014");

    [Fact]
    public void NoMetricsAndNoGatingWebhook_IsLeftToCG1013() => RuleVerifier.Verify(
        CheckYaml.MarkAnalysis(Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n"), "CG1013"),
        "CG1013",
        "CG1014");

    [Fact]
    public void Metrics_AreNotReported() =>
        RuleVerifier.Verify(Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks), "CG1014");

    [Fact]
    public void Message_NamesTheGatingWebhooks_IncludingAnEmptyType()
    {
        var text = Yaml.Canary(OnlyWebhooks.Replace("      - name: notify", "      - name: typeless\n        type: \"\"\n        url: http://hooks.test/\n      - name: notify", StringComparison.Ordinal));
        var finding = RuleVerifier.Single(text, "CG1014");
        Assert.Equal(
            "the analysis has no metrics: only pod readiness and the webhooks (load-test, smoke, typeless) decide promotion, no error rate or latency is checked",
            finding.Message);
        Assert.Equal("spec.analysis", finding.Path);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        CheckYaml.SuppressBefore(Yaml.Canary(OnlyWebhooks), "  analysis:", "CG1014", "smoke tests decide"),
        "CG1014",
        "smoke tests decide");
}
