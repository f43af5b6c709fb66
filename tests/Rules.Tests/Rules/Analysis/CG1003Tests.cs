using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1003Tests
{
    [Fact]
    public void EachOffendingStep_IsReportedAtTheItem() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                stepWeights: [10, {|CG1003:0|}, 30, {|CG1003:30|}, {|CG1003:150|}]

            """ + Yaml.SafeChecks),
        "CG1003");

    [Fact]
    public void BlockSequence_DecreasingStep_IsReportedAtTheItem() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                stepWeights:
                  - {|CG1003:-5|}
                  - 20
                  - {|CG1003:10|}
                  - 50

            """ + Yaml.SafeChecks),
        "CG1003");

    [Fact]
    public void StrictlyIncreasingStepsWithinRange_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeights: [1, 10, 50, 100]\n" + Yaml.SafeChecks),
        "CG1003");

    [Fact]
    public void IllTypedStep_IsLeftToTheInputRules() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeights: [10, ten, 5]\n" + Yaml.SafeChecks),
        "CG1003");

    [Theory]
    [InlineData("[10, 30, 30]", "stepWeights[2] (30) is not above the previous step (30): the step is zero or negative and the analysis stalls there")]
    [InlineData("[0, 30]", "stepWeights[0] (0) is not positive: a step of zero or less never moves the canary's weight")]
    [InlineData("[50, 120]", "stepWeights[1] (120) is above 100: the canary's weight stops at 100")]
    public void Message_NamesTheStepAndTheProblem(string steps, string message)
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeights: " + steps + "\n" + Yaml.SafeChecks), "CG1003");
        Assert.Equal(message, finding.Message);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding()
    {
        var result = RuleVerifier.Lint(Yaml.Canary("    interval: 1m\n    stepWeights:\n      - 20\n      # canaryguard-disable-next-line CG1003 -- known\n      - 10\n" + Yaml.SafeChecks));
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG1003");
        Assert.True(finding.IsSuppressed);
        Assert.DoesNotContain(result.Reported, d => d.Id == "CG1003");
    }
}
