using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1009Tests
{
    [Fact]
    public void ManySmallSteps_AreReportedAtTheStepWeight() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 5m
                threshold: 2
                {|CG1009:stepWeight|}: 5

            """ + Yaml.SafeChecks),
        "CG1009");

    [Fact]
    public void LongIterations_AreReportedAtTheIterations() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 10m
                threshold: 1
                {|CG1009:iterations|}: 12

            """ + Yaml.SafeChecks),
        "CG1009");

    [Fact]
    public void RolloutWithinTheMaximum_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 50\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1009");

    [Fact]
    public void NeverPromoted_IsNotReported() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 30m\n    threshold: 5\n    maxWeight: 150\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG1009");

    [Fact]
    public void Message_GivesTheComputedTime()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 5m\n    threshold: 2\n    stepWeight: 5\n" + Yaml.SafeChecks), "CG1009");
        Assert.Equal(
            "the canary is promoted after 20 analyses in 1h40m0s, above the policy's maximum rollout time of 1h0m0s: every release, urgent fixes included, takes that long to reach all users",
            finding.Message);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void PolicyMaximum_DecidesTheOutcome()
    {
        var yaml = Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 50\n    stepWeight: 2\n" + Yaml.SafeChecks);
        Assert.Empty(TrafficYaml.Findings(yaml, "CG1009"));

        var stricter = CanaryGuardPolicy.Default with { Analysis = new AnalysisPolicy { MaxRolloutTime = TimeSpan.FromMinutes(20) } };
        var finding = Assert.Single(TrafficYaml.Findings(yaml, "CG1009", stricter));
        Assert.Contains("after 25 analyses in 25m0s, above the policy's maximum rollout time of 20m0s", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnnotationSuppression_IsHonoured()
    {
        var text = Yaml.Canary("    interval: 5m\n    threshold: 2\n    stepWeight: 5\n" + Yaml.SafeChecks)
            .Replace("  namespace: shop\n", "  namespace: shop\n  annotations:\n    canaryguard.io/suppress: \"CG1009: batch job, slow on purpose\"\n", StringComparison.Ordinal);
        var finding = Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG1009");
        Assert.Equal(SuppressionKind.Annotation, finding.Suppression!.Kind);
    }
}
