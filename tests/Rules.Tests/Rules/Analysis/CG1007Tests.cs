using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1007Tests
{
    [Fact]
    public void MaxWeightNextToStepWeights_IsReportedAtTheMaxWeightKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                {|CG1007:maxWeight|}: 50
                stepWeights: [10, 20, 30]

            """ + Yaml.SafeChecks),
        "CG1007");

    [Fact]
    public void MaxWeightWithStepWeight_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 50\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1007");

    [Fact]
    public void StepWeightsWithoutMaxWeight_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeights: [10, 20, 30]\n" + Yaml.SafeChecks),
        "CG1007");

    [Fact]
    public void Message_NamesTheWeightThatApplies()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    maxWeight: 50\n    stepWeights: [10, 20, 30]\n" + Yaml.SafeChecks), "CG1007");
        Assert.Equal("maxWeight (50) is ignored because stepWeights is set: the canary is promoted once its weight reaches the last step (30)", finding.Message);
        Assert.Equal(DiagnosticSeverity.Info, finding.Severity);
    }

    [Fact]
    public void DisableRegionComment_SuppressesTheFinding()
    {
        var result = RuleVerifier.Lint(Yaml.Canary("    interval: 1m\n    # canaryguard-disable CG1007\n    maxWeight: 50\n    # canaryguard-enable CG1007\n    stepWeights: [10, 20, 30]\n" + Yaml.SafeChecks));
        Assert.Contains(result.Diagnostics, d => d.Id == "CG1007" && d.IsSuppressed);
        Assert.DoesNotContain(result.Reported, d => d.Id == "CG1007");
    }
}
