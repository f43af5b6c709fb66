using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1004Tests
{
    [Fact]
    public void MaxWeightAbove100_IsReportedAtTheMaxWeightKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                {|CG1004:maxWeight|}: 150
                stepWeight: 10

            """ + Yaml.SafeChecks),
        "CG1004");

    [Fact]
    public void MaxWeight100_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 100\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1004");

    [Fact]
    public void MaxWeightNextToStepWeights_IsIgnoredNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 150\n    stepWeights: [10, 50]\n" + Yaml.SafeChecks),
        "CG1004");

    [Fact]
    public void MaxWeightWithIterations_IsNotRead() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 150\n    iterations: 10\n" + Yaml.SafeChecks),
        "CG1004");

    [Fact]
    public void Message_SaysTheCanaryIsNeverPromoted()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    maxWeight: 120\n    stepWeight: 20\n" + Yaml.SafeChecks), "CG1004");
        Assert.Equal("maxWeight (120) is above 100: the canary's weight stops at 100, never reaches maxWeight, and the canary is never promoted", finding.Message);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal("spec.analysis.maxWeight", finding.Path);
    }

    [Fact]
    public void DisableFileComment_SuppressesTheFinding()
    {
        var result = RuleVerifier.Lint("# canaryguard-disable-file CG1004\n" + Yaml.Canary("    interval: 1m\n    maxWeight: 120\n    stepWeight: 20\n" + Yaml.SafeChecks));
        Assert.Contains(result.Diagnostics, d => d.Id == "CG1004" && d.IsSuppressed);
        Assert.DoesNotContain(result.Reported, d => d.Id == "CG1004");
    }
}
