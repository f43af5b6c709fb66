using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1026Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    [Fact]
    public void ThresholdsOutOfRange_AreReportedAtTheirKeys() => RuleVerifier.Verify(
        Yaml.Canary(Head + "    {|CG1026:primaryReadyThreshold|}: 0\n    {|CG1026:canaryReadyThreshold|}: 150\n" + Yaml.SafeChecks),
        "CG1026");

    [Fact]
    public void SensibleThresholds_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + "    primaryReadyThreshold: 50\n    canaryReadyThreshold: 100\n" + Yaml.SafeChecks),
        "CG1026");

    [Theory]
    [InlineData("-5", DiagnosticSeverity.Error, "canaryReadyThreshold (-5) is not above 0: the workload counts as ready with no pod available")]
    [InlineData("101", DiagnosticSeverity.Error, "canaryReadyThreshold (101) is above 100: the workload never counts as ready and every release is rolled back")]
    [InlineData("30", DiagnosticSeverity.Warning, "canaryReadyThreshold (30) is below 50: the workload counts as ready while most of its pods are unavailable")]
    public void MessageAndSeverity_DependOnTheValue(string value, DiagnosticSeverity severity, string message)
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Head + $"    canaryReadyThreshold: {value}\n" + Yaml.SafeChecks), "CG1026");
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(message, finding.Message);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + "    # canaryguard-disable-next-line CG1026 -- large fleet, slow nodes\n    primaryReadyThreshold: 40\n" + Yaml.SafeChecks),
        "CG1026",
        "large fleet, slow nodes");
}
