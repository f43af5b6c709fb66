using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1006Tests
{
    [Fact]
    public void DefaultMaxWeight_IsReportedAtTheAnalysisKey() => RuleVerifier.Verify(
        TrafficYaml.MarkedAtAnalysisKey("CG1006", "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1006");

    [Fact]
    public void MaxWeight100_IsReportedAtTheMaxWeightKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                {|CG1006:maxWeight|}: 100
                stepWeight: 10

            """ + Yaml.SafeChecks),
        "CG1006");

    [Fact]
    public void LastStepOf100_IsReportedAtTheStep() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                stepWeights: [10, 50, {|CG1006:100|}]

            """ + Yaml.SafeChecks),
        "CG1006");

    [Fact]
    public void StepWeightOvershootingMaxWeightTo100_IsReportedAtTheStepWeight() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                maxWeight: 90
                {|CG1006:stepWeight|}: 40

            """ + Yaml.SafeChecks),
        "CG1006");

    [Fact]
    public void MaxWeightBelow100_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 50\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1006");

    [Fact]
    public void StepWeightsEndingBelow100_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeights: [10, 20, 50]\n" + Yaml.SafeChecks),
        "CG1006");

    [Fact]
    public void Iterations_AreNotJudged() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n" + Yaml.SafeChecks),
        "CG1006");

    [Fact]
    public void MaxWeightAbove100_IsLeftToCG1004() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 150\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1006");

    [Theory]
    [InlineData("    stepWeight: 10\n", "maxWeight is not set and defaults to 100")]
    [InlineData("    maxWeight: 0\n    stepWeight: 10\n", "maxWeight (0) falls back to the default of 100")]
    [InlineData("    stepWeights: [20, 100]\n", "stepWeights reaches 100")]
    [InlineData("    maxWeight: 90\n    stepWeight: 40\n", "stepWeight (40) overshoots maxWeight (90) up to 100")]
    public void Message_SaysWhyTheWeightReaches100(string fields, string cause)
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n" + fields + Yaml.SafeChecks), "CG1006");
        Assert.Equal(cause + ": the last analysis runs with all traffic on the canary, so every user meets a bad release before Flagger decides", finding.Message);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void DisableNextLineComment_OnTheAnalysisKey_SuppressesTheDefaultCase()
    {
        var text = Yaml.Canary("    interval: 1m\n    stepWeight: 10\n" + Yaml.SafeChecks)
            .Replace("  analysis:", "  # canaryguard-disable-next-line CG1006 -- internal tool\n  analysis:", StringComparison.Ordinal);
        var result = RuleVerifier.Lint(text);
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG1006");
        Assert.Equal("internal tool", finding.Suppression!.Justification);
    }
}
