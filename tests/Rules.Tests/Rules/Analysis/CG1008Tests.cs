using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1008Tests
{
    [Fact]
    public void TooFewAnalyses_IsReportedAtTheStepWeight() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 5m
                threshold: 2
                maxWeight: 50
                {|CG1008:stepWeight|}: 25

            """ + Yaml.SafeChecks),
        "CG1008");

    [Fact]
    public void TooShortAnAnalysis_IsReportedAtTheIterations() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 30s
                threshold: 5
                {|CG1008:iterations|}: 5

            """ + Yaml.SafeChecks),
        "CG1008");

    [Fact]
    public void IntervalFloor_CountsInTheAnalysisTime() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1s
                threshold: 5
                {|CG1008:stepWeights|}: [10, 20, 30, 40, 50]

            """ + Yaml.SafeChecks),
        "CG1008");

    [Fact]
    public void KubernetesProvider_IsJudgedOnItsTenIterations() => RuleVerifier.Verify(
        TrafficYaml.KubernetesProviderCanary("    interval: 15s\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks)
            .Replace("  analysis:", "  {|CG1008:analysis|}:", StringComparison.Ordinal),
        "CG1008");

    [Fact]
    public void EnoughAnalysesAndTime_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 50\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1008");

    [Fact]
    public void NeverPromoted_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 10s\n    threshold: 5\n    stepWeight: 0\n" + Yaml.SafeChecks),
        "CG1008");

    [Fact]
    public void Message_GivesTheComputedTimeAndCount()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 50\n" + Yaml.SafeChecks), "CG1008");
        Assert.Equal(
            "the canary is promoted after 2 analyses in 2m0s, below the policy's minimum of 3 analyses and 5m0s: a bad release can pass before enough traffic is measured",
            finding.Message);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void Message_NamesOnlyTheMinimumMissed()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 30s\n    threshold: 5\n    iterations: 5\n" + Yaml.SafeChecks), "CG1008");
        Assert.Equal(
            "the canary is promoted after 6 analyses in 3m0s, below the policy's minimum of 5m0s: a bad release can pass before enough traffic is measured",
            finding.Message);
    }

    [Fact]
    public void PolicyMinimums_DecideTheOutcome()
    {
        var yaml = Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 50\n    stepWeight: 10\n" + Yaml.SafeChecks);
        Assert.Empty(TrafficYaml.Findings(yaml, "CG1008"));

        var stricter = CanaryGuardPolicy.Default with { Analysis = new AnalysisPolicy { MinAnalyses = 6 } };
        var finding = Assert.Single(TrafficYaml.Findings(yaml, "CG1008", stricter));
        Assert.Contains("after 5 analyses in 5m0s, below the policy's minimum of 6 analyses:", finding.Message, StringComparison.Ordinal);

        var shortYaml = Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 50\n" + Yaml.SafeChecks);
        var lenient = CanaryGuardPolicy.Default with { Analysis = new AnalysisPolicy { MinAnalyses = 1, MinAnalysisTime = TimeSpan.FromMinutes(2) } };
        Assert.Empty(TrafficYaml.Findings(shortYaml, "CG1008", lenient));
    }

    [Fact]
    public void RuleSeverityInPolicy_OverridesTheDefault()
    {
        var policy = CanaryGuardPolicy.Default with { RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG1008"] = DiagnosticSeverity.Error } };
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 50\n" + Yaml.SafeChecks), "CG1008", policy);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding()
    {
        var result = RuleVerifier.Lint(Yaml.Canary("    interval: 1m\n    # canaryguard-disable-next-line CG1008 -- dev cluster\n    stepWeight: 50\n" + Yaml.SafeChecks));
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG1008");
        Assert.Equal("dev cluster", finding.Suppression!.Justification);
    }

    // One analysis because the first step reaches maxWeight: CG1005 reports it at the same stepWeight, once.
    [Fact]
    public void AFirstStepThatReachesMaxWeight_IsLeftToCG1005() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 50\n    {|CG1005:stepWeight|}: 50\n" + Yaml.SafeChecks),
        "CG1008", "CG1005");
}
