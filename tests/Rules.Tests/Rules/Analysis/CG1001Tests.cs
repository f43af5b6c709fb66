using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1001Tests
{
    [Fact]
    public void StepWeightZero_IsReportedAtTheStepWeightKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                {|CG1001:stepWeight|}: 0

            """ + Yaml.SafeChecks),
        "CG1001");

    [Fact]
    public void EmptyStepWeights_IsReportedAtTheStepWeightsKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                {|CG1001:stepWeights|}: []

            """ + Yaml.SafeChecks),
        "CG1001");

    [Fact]
    public void IterationsZeroAlone_IsReportedAtTheIterationsKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                {|CG1001:iterations|}: 0

            """ + Yaml.SafeChecks),
        "CG1001");

    [Fact]
    public void PositiveStepWeight_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1001");

    [Fact]
    public void IterationsZeroNextToAStepWeight_Progresses() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 0\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1001");

    [Fact]
    public void KubernetesProvider_RunsTenIterationsWhateverTheWeights() => RuleVerifier.Verify(
        TrafficYaml.KubernetesProviderCanary("    interval: 1m\n    threshold: 5\n    iterations: 0\n" + Yaml.SafeChecks),
        "CG1001");

    [Fact]
    public void IllTypedStepWeight_IsLeftToTheInputRules() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: \"0\"\n" + Yaml.SafeChecks),
        "CG1001");

    [Fact]
    public void Message_SaysWhyAndWhatHappens()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 0\n" + Yaml.SafeChecks), "CG1001");
        Assert.Equal(
            "iterations is 0 and neither stepWeight nor stepWeights is set: the canary never gets traffic, so the analysis never progresses and the release is never promoted",
            finding.Message);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal("spec.analysis.iterations", finding.Path);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding()
    {
        var result = RuleVerifier.Lint(Yaml.Canary("    interval: 1m\n    # canaryguard-disable-next-line CG1001 -- parked\n    stepWeight: 0\n" + Yaml.SafeChecks));
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG1001");
        Assert.Equal("parked", finding.Suppression!.Justification);
        Assert.DoesNotContain(result.Reported, d => d.Id == "CG1001");
    }
}
