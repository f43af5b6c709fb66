using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1010Tests
{
    [Fact]
    public void IntervalBelow10s_IsReportedAtTheIntervalKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                {|CG1010:interval|}: 5s
                threshold: 5
                stepWeight: 10

            """ + Yaml.SafeChecks),
        "CG1010");

    [Theory]
    [InlineData("10s")]
    [InlineData("1m")]
    [InlineData("soon")]
    public void IntervalAtTheFloorOrAboveOrUnparsable_IsNotReported(string interval) => RuleVerifier.Verify(
        Yaml.Canary("    interval: " + interval + "\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1010");

    [Fact]
    public void Message_NamesTheWrittenInterval()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 500ms\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks), "CG1010");
        Assert.Equal("interval (500ms) is below Flagger's 10s floor: Flagger silently runs the analysis every 10s instead", finding.Message);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Equal("spec.analysis.interval", finding.Path);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding()
    {
        var result = RuleVerifier.Lint(Yaml.Canary("    # canaryguard-disable-next-line CG1010 -- e2e test\n    interval: 5s\n    stepWeight: 10\n" + Yaml.SafeChecks));
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG1010");
        Assert.Equal("e2e test", finding.Suppression!.Justification);
    }
}
