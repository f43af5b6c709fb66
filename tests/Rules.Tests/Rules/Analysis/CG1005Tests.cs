using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1005Tests
{
    [Fact]
    public void StepWeightEqualToMaxWeight_IsReportedAtTheStepWeightKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                maxWeight: 50
                {|CG1005:stepWeight|}: 50

            """ + Yaml.SafeChecks),
        "CG1005");

    [Fact]
    public void StepWeightAboveTheDefaultMaxWeight_IsReported() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                {|CG1005:stepWeight|}: 100

            """ + Yaml.SafeChecks),
        "CG1005");

    [Fact]
    public void StepWeightBelowMaxWeight_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                maxWeight: 50
                stepWeight: 10

            """ + Yaml.SafeChecks),
        "CG1005");

    [Fact]
    public void Message_NamesBothWeights()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    maxWeight: 50\n    stepWeight: 60\n" + Yaml.SafeChecks), "CG1005");
        Assert.Equal("stepWeight (60) is not below maxWeight (50): the canary is promoted after a single analysis", finding.Message);
        Assert.Equal("spec.analysis.stepWeight", finding.Path);
        Assert.Equal("shop/web", finding.Resource!.ToString());
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFindingWithItsJustification()
    {
        var result = RuleVerifier.Lint(Yaml.Canary("    maxWeight: 50\n    # canaryguard-disable-next-line CG1005 -- smoke-test app\n    stepWeight: 60\n" + Yaml.SafeChecks));
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG1005");
        Assert.True(finding.IsSuppressed);
        Assert.Equal("smoke-test app", finding.Suppression!.Justification);
        Assert.DoesNotContain(result.Reported, d => d.Id == "CG1005");
    }
}
