using CanaryGuard.Rules.Rules.Analysis;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1030Tests
{
    private static string WithPreRolloutCommand(string command, bool marked = false) =>
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks) + $$"""
              - name: acceptance-test
                type: pre-rollout
                url: http://flagger-loadtester.test/
                metadata:
                  type: bash
                  {{(marked ? "{|CG1030:cmd|}" : "cmd")}}: "{{command}}"

        """;

    [Theory]
    [InlineData("curl -s http://web-canary.shop/api/info")]
    [InlineData("curl -sS -X POST -d 'test' http://web-canary.shop/token")]
    [InlineData("sleep 5 && /usr/bin/curl --silent http://web-canary.shop/")]
    public void CurlThatCannotFail_IsReportedAtTheCommand(string command) =>
        RuleVerifier.Verify(WithPreRolloutCommand(command, marked: true), "CG1030");

    [Theory]
    [InlineData("curl -sf http://web-canary.shop/api/info")]
    [InlineData("curl -fsSL http://web-canary.shop/")]
    [InlineData("curl --fail-with-body -s http://web-canary.shop/")]
    [InlineData("curl -s http://web-canary.shop/token | grep token")]
    [InlineData("curl -s http://web-canary.shop/ | jq -e .ok")]
    [InlineData("[ \\\"$(curl -s -o /dev/null -w '%{http_code}' http://web-canary.shop/)\\\" = 200 ]")]
    [InlineData("hey -z 10s http://web-canary.shop/")]
    public void CurlThatCanFail_OrNoCurl_IsNotReported(string command) =>
        RuleVerifier.Verify(WithPreRolloutCommand(command), "CG1030");

    private static string WithHook(string type, string metadata) =>
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks) + $$"""
              - name: smoke
                type: {{type}}
                url: http://flagger-loadtester.test/
                {{metadata}}

        """;

    // flagger-loadtester queues a cmd without a blocking type and answers 202 Accepted at once: a curl -f in a
    // confirm-rollout gate or a pre-rollout test never holds the canary back.
    [Theory]
    [InlineData("confirm-rollout", "{|CG1030:metadata|}: {cmd: \"curl -fsS http://web-canary.shop/ >/dev/null\"}")]
    [InlineData("pre-rollout", "{|CG1030:metadata|}: {type: cmd, cmd: \"curl -sf http://web-canary.shop/\"}")]
    [InlineData("confirm-promotion", "{|CG1030:metadata|}: {cmd: \"curl -s http://web-canary.shop/ | grep ok\"}")]
    public void ATestRunInTheBackground_IsReportedAtItsMetadata(string type, string metadata) =>
        RuleVerifier.Verify(WithHook(type, metadata), "CG1030");

    [Theory]
    [InlineData("pre-rollout", "metadata: {type: bash, cmd: \"curl -sf http://web-canary.shop/\"}")]
    [InlineData("pre-rollout", "metadata: {cmd: \"hey -z 25s -q 10 http://web-canary.shop/\"}")]
    [InlineData("rollout", "metadata: {cmd: \"curl -sf http://web-canary.shop/\"}")]
    [InlineData("confirm-rollout", "metadata: {type: helmv3, cmd: \"test podinfo -n shop\"}")]
    public void ABlockingTest_AWarmUpLoad_OrARolloutHook_IsNotReportedAsRunInTheBackground(string type, string metadata) =>
        RuleVerifier.Verify(WithHook(type, metadata), "CG1030");

    [Fact]
    public void BackgroundMessage_SaysWhyTheHookPasses()
    {
        var finding = RuleVerifier.Single(WithHook("confirm-rollout", "metadata: {cmd: \"curl -f http://web-canary.shop/\"}"), "CG1030");
        Assert.Equal("webhook smoke is a confirm-rollout test that flagger-loadtester runs in the background: without metadata.type bash it queues the command and answers 202 at once, so the hook passes whatever the command does; set type: bash", finding.Message);
    }

    [Fact]
    public void RolloutHooks_AreNotAcceptanceTests() => RuleVerifier.Verify(
        WithPreRolloutCommand("curl -s http://web-canary.shop/").Replace("type: pre-rollout", "type: rollout", StringComparison.Ordinal),
        "CG1030");

    [Fact]
    public void Message_SaysWhyItCannotFail()
    {
        var finding = RuleVerifier.Single(WithPreRolloutCommand("curl -s http://web-canary.shop/"), "CG1030");
        Assert.Equal("webhook acceptance-test is a pre-rollout test whose curl has no -f/--fail and nothing checks its output: curl exits 0 on an HTTP 500, so the test passes whatever the canary answers", finding.Message);
        Assert.Equal("spec.analysis.webhooks[1].metadata.cmd", finding.Path);
    }

    [Theory]
    [InlineData("curl -s http://a/", "curl -f -s http://a/")]
    [InlineData("sleep 1; curl -s http://a/ && curl -sf http://b/", "sleep 1; curl -f -s http://a/ && curl -sf http://b/")]
    [InlineData("CURL_CA_BUNDLE=x /usr/bin/curl http://a/", "CURL_CA_BUNDLE=x /usr/bin/curl -f http://a/")]
    public void WithFailFlag_AddsItToEveryCurlThatLacksIt(string command, string expected) =>
        Assert.Equal(expected, WebhookCommands.WithFailFlag(command));
}
