using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

/// <summary>
/// CG1002 explains Flagger's precedence where the API server's oneOf check is not in the way: with CG0004 on (the
/// default) the API server rejects such a Canary, CG0004 says so and CG1002 stays silent.
/// </summary>
public sealed class CG1002Tests
{
    private static readonly CanaryGuardPolicy OlderCrd = CanaryGuardPolicy.Default with
    {
        RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG0004"] = DiagnosticSeverity.None },
    };

    [Fact]
    public void RejectedByTheCrd_IsReportedByCG0004Only() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                iterations: 5
                stepWeight: 10

            """ + Yaml.SafeChecks).Replace("  analysis:", "  {|CG0004:analysis|}:", StringComparison.Ordinal),
        "CG1002", "CG0004");

    [Fact]
    public void IterationsWithStepWeight_IsReportedAtTheWeightKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                iterations: 5
                {|CG1002:stepWeight|}: 10

            """ + Yaml.SafeChecks),
        OlderCrd,
        "CG1002");

    [Fact]
    public void StepWeightWithStepWeights_IsReportedAtStepWeights() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                stepWeight: 10
                {|CG1002:stepWeights|}: [10, 20, 50]

            """ + Yaml.SafeChecks),
        OlderCrd,
        "CG1002");

    [Fact]
    public void IterationsZeroWithStepWeights_IsStillAmbiguous() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                iterations: 0
                {|CG1002:stepWeights|}: [10, 20, 50]

            """ + Yaml.SafeChecks),
        OlderCrd,
        "CG1002");

    [Fact]
    public void OneStrategy_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeights: [10, 20, 50]\n    maxWeight: 50\n" + Yaml.SafeChecks),
        OlderCrd,
        "CG1002");

    [Fact]
    public void IterationsAlone_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n" + Yaml.SafeChecks),
        OlderCrd,
        "CG1002");

    [Theory]
    [InlineData("    iterations: 5\n    stepWeight: 10\n", "iterations and stepWeight are both set: Flagger runs 5 iterations and ignores stepWeight")]
    [InlineData("    iterations: 0\n    stepWeights: [10, 50]\n", "iterations and stepWeights are both set: Flagger ignores iterations (0) and shifts traffic by stepWeights")]
    [InlineData("    stepWeight: 10\n    stepWeights: [10, 50]\n", "stepWeight and stepWeights are both set: Flagger steps by stepWeight (10) and stops at the last of stepWeights")]
    [InlineData("    stepWeight: 0\n    stepWeights: [10, 50]\n", "stepWeight and stepWeights are both set: Flagger ignores stepWeight (0) and follows stepWeights")]
    public void Message_SaysWhichStrategyFlaggerPicks(string fields, string message)
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n" + fields + Yaml.SafeChecks), "CG1002", OlderCrd);
        Assert.Equal(message, finding.Message);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
    }

    [Fact]
    public void AnnotationSuppression_IsHonoured()
    {
        var text = Yaml.Canary("    interval: 1m\n    iterations: 5\n    stepWeight: 10\n" + Yaml.SafeChecks)
            .Replace("  namespace: shop\n", "  namespace: shop\n  annotations:\n    canaryguard.io/suppress: \"CG1002: migrating\"\n", StringComparison.Ordinal);
        var finding = Assert.Single(RuleVerifier.Lint(text, OlderCrd).Diagnostics, d => d.Id == "CG1002");
        Assert.Equal(SuppressionKind.Annotation, finding.Suppression!.Kind);
        Assert.Equal("migrating", finding.Suppression.Justification);
    }
}
