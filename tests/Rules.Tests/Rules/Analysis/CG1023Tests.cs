using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1023Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    [Fact]
    public void AlwaysSuccessfulRollbackHooks_AndUntimedConfirmHooks_AreReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + Yaml.SafeChecks + """
                  - name: rollback-gate
                    type: rollback
                    {|CG1023:url|}: http://flagger-loadtester.test/gate/approve
                  - name: rollback-open
                    type: rollback
                    {|CG1023:url|}: http://flagger-loadtester.test/rollback/open/
                  - name: promotion-gate
                    type: confirm-promotion
                    url: http://flagger-loadtester.test/gate/check
                    {|CG1023:timeout|}: 0s

            """),
        "CG1023");

    [Fact]
    public void CheckingEndpoints_AndTimedGates_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + Yaml.SafeChecks + """
                  - name: rollback-gate
                    type: rollback
                    url: http://flagger-loadtester.test/rollback/check
                  - name: start-gate
                    type: confirm-rollout
                    url: http://flagger-loadtester.test/gate/approve
                  - name: traffic-gate
                    type: confirm-traffic-increase
                    url: http://flagger-loadtester.test/gate/check
                    timeout: 30s
                  - name: approve-as-load-test
                    url: http://flagger-loadtester.test/gate/approve

            """),
        "CG1023");

    [Fact]
    public void Message_ForARollbackHook_SaysEveryReleaseFails()
    {
        var finding = RuleVerifier.Single(
            Yaml.Canary(Head + Yaml.SafeChecks + "      - name: rollback-gate\n        type: rollback\n        url: http://flagger-loadtester.test/gate/approve\n"),
            "CG1023");
        Assert.Equal(
            "webhook rollback-gate is a rollback hook calling /gate/approve, which always answers 2xx: Flagger reads that as a rollback request and fails every release",
            finding.Message);
    }

    [Fact]
    public void Message_ForAConfirmHook_SaysItHasNoTimeout()
    {
        var finding = RuleVerifier.Single(
            Yaml.Canary(Head + Yaml.SafeChecks + "      - name: gate\n        type: confirm-rollout\n        url: http://gate.test/\n        timeout: 0m\n"),
            "CG1023");
        Assert.Equal(
            "webhook gate is a confirm-rollout hook with timeout 0m: the call has no timeout at all, and a gate that never answers stalls the canary's analysis and rollback hooks",
            finding.Message);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + Yaml.SafeChecks + "      - name: kill-switch\n        type: rollback\n        # canaryguard-disable-next-line CG1023 -- deliberate kill switch\n        url: http://flagger-loadtester.test/gate/approve\n"),
        "CG1023",
        "deliberate kill switch");
}
