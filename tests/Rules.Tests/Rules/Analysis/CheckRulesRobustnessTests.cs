using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

/// <summary>Ill-typed fields are the input rules' business (CG0004): the check rules must pass over them without failing.</summary>
public sealed class CheckRulesRobustnessTests
{
    [Theory]
    [InlineData("    interval: soon\n    metrics: many\n    webhooks: 5\n    alerts: [1, {name: x, severity: 3}]\n")]
    [InlineData("    interval: 1m\n    metrics:\n      - 7\n      - {name: request-success-rate, thresholdRange: 3, interval: later}\n      - {name: request-duration, thresholdRange: {min: a, max: [1]}}\n")]
    [InlineData("    interval: 1m\n    webhooks:\n      - {name: w, timeout: never, retries: many, url: 'http://[bad'}\n      - {type: rollback, url: 42}\n    metrics: []\n")]
    [InlineData("    interval: 1m\n    mirror: maybe\n    mirrorWeight: lots\n    sessionAffinity: sticky\n    match: {headers: x}\n    iterations: ten\n    primaryReadyThreshold: all\n")]
    [InlineData("    interval: 1m\n    sessionAffinity: {cookieName: [a], primaryCookieName: {b: c}}\n    metrics:\n      - {name: x, templateRef: oops}\n")]
    public void IllTypedFields_DoNotMakeARuleFail(string analysisBody)
    {
        var text = CheckYaml.WithSpec(Yaml.Canary(analysisBody), "  skipAnalysis: 5\n  progressDeadlineSeconds: soon\n  provider: [gatewayapi]\n")
            .Replace("service: {port: 80}", "service: {port: 80, gatewayRefs: x, delegation: yes, hosts: 3}", StringComparison.Ordinal);
        var result = RuleVerifier.Lint(text);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CG0007");
    }
}
