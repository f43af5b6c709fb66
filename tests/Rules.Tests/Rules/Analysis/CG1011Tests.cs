using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1011Tests
{
    [Fact]
    public void ThresholdOf1_IsReportedAtTheThresholdKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                {|CG1011:threshold|}: 1
                stepWeight: 10

            """ + Yaml.SafeChecks),
        "CG1011");

    [Fact]
    public void AbsentThreshold_DefaultsTo1AndIsReportedAtTheAnalysisKey() => RuleVerifier.Verify(
        TrafficYaml.MarkedAtAnalysisKey("CG1011", "    interval: 1m\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1011");

    [Theory]
    [InlineData("2")]
    [InlineData("\"1\"")]
    public void ThresholdAbove1OrIllTyped_IsNotReported(string threshold) => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: " + threshold + "\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1011");

    [Theory]
    [InlineData("    threshold: 1\n", "threshold is 1")]
    [InlineData("    threshold: 0\n", "threshold is 0, which Flagger treats as 1")]
    [InlineData("", "threshold is not set and defaults to 1")]
    public void Message_SaysWhatASingleFailureDoes(string threshold, string cause)
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n" + threshold + "    stepWeight: 10\n" + Yaml.SafeChecks), "CG1011");
        Assert.Equal(cause + ": a single failed check, even \"no values found\" from a metric query, rolls the canary back", finding.Message);
        Assert.Equal(DiagnosticSeverity.Info, finding.Severity);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding()
    {
        var result = RuleVerifier.Lint(Yaml.Canary("    interval: 1m\n    # canaryguard-disable-next-line CG1011 -- strict on purpose\n    threshold: 1\n    stepWeight: 10\n" + Yaml.SafeChecks));
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG1011");
        Assert.Equal("strict on purpose", finding.Suppression!.Justification);
    }
}
