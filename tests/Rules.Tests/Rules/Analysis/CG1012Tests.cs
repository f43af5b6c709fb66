using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1012Tests
{
    [Fact]
    public void LongThresholdTimesInterval_IsReportedAtTheThresholdKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 5m
                {|CG1012:threshold|}: 5
                stepWeight: 10

            """ + Yaml.SafeChecks),
        "CG1012");

    [Fact]
    public void IntervalFloor_CountsInTheRollbackTime() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1s
                {|CG1012:threshold|}: 100
                stepWeight: 10

            """ + Yaml.SafeChecks),
        "CG1012");

    [Fact]
    public void AbsentThresholdWithALongInterval_IsReportedAtTheAnalysisKey() => RuleVerifier.Verify(
        TrafficYaml.MarkedAtAnalysisKey("CG1012", "    interval: 15m\n    stepWeight: 50\n" + Yaml.SafeChecks),
        "CG1012");

    [Fact]
    public void QuickRollback_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1012");

    [Fact]
    public void Message_GivesTheComputedTime()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 5m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks), "CG1012");
        Assert.Equal(
            "a failing canary is rolled back only after 5 failed checks of 5m0s each (25m0s), above the policy's maximum of 10m0s: the bad canary keeps its traffic meanwhile",
            finding.Message);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void PolicyMaximum_DecidesTheOutcome()
    {
        var yaml = Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks);
        Assert.Empty(TrafficYaml.Findings(yaml, "CG1012"));

        var stricter = CanaryGuardPolicy.Default with { Analysis = new AnalysisPolicy { MaxTimeToRollback = TimeSpan.FromMinutes(3) } };
        var finding = Assert.Single(TrafficYaml.Findings(yaml, "CG1012", stricter));
        Assert.Contains("(5m0s), above the policy's maximum of 3m0s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding()
    {
        var result = RuleVerifier.Lint(Yaml.Canary("    interval: 5m\n    # canaryguard-disable-next-line CG1012 -- batch\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks));
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG1012");
        Assert.Equal("batch", finding.Suppression!.Justification);
    }
}
