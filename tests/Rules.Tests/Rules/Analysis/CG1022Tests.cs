using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1022Tests
{
    private const string Metrics = """
            metrics:
              - name: request-success-rate
                thresholdRange: {min: 99}

        """;

    [Fact]
    public void RetriedTimeoutsAboveTheInterval_AreReportedAtTheWebhooksKey() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 30s\n    threshold: 5\n    stepWeight: 10\n" + Metrics + """
                {|CG1022:webhooks|}:
                  - name: load-test
                    url: http://flagger-loadtester.test/
                    timeout: 20s
                    retries: 1

            """),
        "CG1022");

    [Fact]
    public void DefaultTimeouts_AddUp() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 15s\n    threshold: 5\n    stepWeight: 10\n" + Metrics + """
                {|CG1022:webhooks|}:
                  - name: first
                    url: http://flagger-loadtester.test/
                  - name: second
                    type: rollout
                    url: http://flagger-loadtester.test/

            """),
        "CG1022");

    [Fact]
    public void OtherHookTypes_AndBudgetsWithinTheInterval_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Metrics + """
                webhooks:
                  - name: load-test
                    url: http://flagger-loadtester.test/
                    timeout: 15s
                    retries: 2
                  - name: helm-test
                    type: pre-rollout
                    url: http://flagger-helmtester.test/
                    timeout: 3m
                  - name: gate
                    type: confirm-promotion
                    url: http://flagger-loadtester.test/gate/check
                    timeout: 2m

            """),
        "CG1022");

    // flagger-loadtester queues a cmd that is not a bash (or helm) task and answers 202 at once: a 10m hey with a 65s
    // timeout returns in no time. A bash task runs before the answer, so its timeout counts.
    [Fact]
    public void LoadtesterCommandsRunInTheBackground_AndOnlyBlockingTasksCount() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Metrics + """
                webhooks:
                  - name: load-test
                    url: http://flagger-loadtester.test/
                    timeout: 65s
                    metadata: {cmd: "hey -z 10m -q 10 -c 2 http://web-canary.shop/"}

            """) + "---\n" + Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Metrics + """
                {|CG1022:webhooks|}:
                  - name: smoke
                    url: http://flagger-loadtester.test/
                    timeout: 65s
                    metadata: {type: bash, cmd: "curl -f http://web-canary.shop/"}

            """),
        "CG1022");

    [Fact]
    public void IntervalBelowTheFloor_IsJudgedAsTenSeconds() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 5s\n    threshold: 5\n    stepWeight: 10\n" + Metrics + "    webhooks:\n      - name: load-test\n        url: http://flagger-loadtester.test/\n"),
        "CG1022");

    [Fact]
    public void Message_GivesTheBudgetAndTheInterval()
    {
        var finding = RuleVerifier.Single(
            Yaml.Canary("    interval: 30s\n    threshold: 5\n    stepWeight: 10\n" + Metrics
                + "    webhooks:\n      - name: load-test\n        url: http://a.test/\n        timeout: 20s\n        retries: 2\n      - name: smoke\n        url: http://b.test/\n"),
            "CG1022");
        Assert.Equal(
            "rollout webhooks can take up to 1m10s per analysis (timeout x (retries + 1), summed over load-test, smoke), longer than the interval (30s): slow hooks delay every analysis and the rollback",
            finding.Message);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary("    interval: 30s\n    threshold: 5\n    stepWeight: 10\n" + Metrics
            + "    # canaryguard-disable-next-line CG1022 -- hooks answer fast\n    webhooks:\n      - name: load-test\n        url: http://a.test/\n        timeout: 1m\n"),
        "CG1022",
        "hooks answer fast");
}
