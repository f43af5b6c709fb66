using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1031Tests
{
    /// <summary>A Canary whose last webhook, smoke, runs the command; its <c>cmd</c> key is marked when <paramref name="marked"/>.</summary>
    private static string Canary(string strategy, string type, string command, bool marked = false) =>
        Yaml.Canary("    interval: 1m\n    threshold: 5\n" + strategy + "\n" + Yaml.SafeChecks) + $$"""
              - name: smoke
                type: {{type}}
                url: http://flagger-loadtester.test/
                metadata: {{{(marked ? "{|CG1031:cmd|}" : "cmd")}}: "{{command}}"}

        """;

    [Theory]
    [InlineData("curl -sf http://web.shop/api")]
    [InlineData("curl -sf http://web/api")]
    [InlineData("curl -sf http://web.shop.svc.cluster.local:80/api")]
    [InlineData("curl -sf http://web-primary.shop/api")]
    [InlineData("ghz --insecure web.shop:9090")]
    public void PreRolloutTestOfTheApexOrPrimary_IsReportedAtTheCommand(string command) => RuleVerifier.Verify(
        Canary("    stepWeight: 10", "pre-rollout", command, marked: true),
        "CG1031");

    [Theory]
    [InlineData("curl -sf http://web-canary.shop/api")]
    [InlineData("curl -sf http://web.other/api")]
    [InlineData("curl -sf http://webshop.shop/api")]
    [InlineData("helm test web")]
    public void TestsOfTheCanaryOrOtherServices_AreNotReported(string command) =>
        RuleVerifier.Verify(Canary("    stepWeight: 10", "pre-rollout", command), "CG1031");

    [Fact]
    public void BlueGreenLoadTestOfTheApex_IsReported() => RuleVerifier.Verify(
        Canary("    iterations: 10", "rollout", "hey -z 1m http://web.shop/", marked: true),
        "CG1031");

    [Theory]
    [InlineData("    stepWeight: 10")]
    [InlineData("    iterations: 10\n    match:\n      - headers: {x-canary: {exact: insider}}")]
    [InlineData("    iterations: 10\n    mirror: true")]
    public void RolloutLoadTestOfTheApex_UnderWeightsMatchOrMirror_IsNotReported(string strategy) =>
        RuleVerifier.Verify(Canary(strategy, "rollout", "hey -z 1m http://web.shop/"), "CG1031");

    [Fact]
    public void TheKubernetesProvider_IsAlwaysBlueGreen() => RuleVerifier.Verify(
        CheckYaml.WithSpec(Canary("    stepWeight: 10", "rollout", "hey -z 1m http://web.shop/", marked: true), "  provider: kubernetes\n"),
        "CG1031");

    [Fact]
    public void AServiceName_IsTheApex() => RuleVerifier.Verify(
        Canary("    stepWeight: 10", "pre-rollout", "curl -sf http://front.shop/", marked: true)
            .Replace("  service: {port: 80}", "  service: {port: 80, name: front}", StringComparison.Ordinal),
        "CG1031");

    [Fact]
    public void Message_NamesTheCanaryHostToCall()
    {
        var finding = RuleVerifier.Single(Canary("    stepWeight: 10", "pre-rollout", "curl -sf http://web.shop:80/api"), "CG1031");
        Assert.Equal("webhook smoke is a pre-rollout hook that calls web.shop, which routes every request to the primary before the analysis starts: it tests the old version, not the canary; call web-canary.shop instead", finding.Message);
    }
}
