using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1020Tests
{
    private static readonly string Analysis = Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks);

    [Fact]
    public void SkipAnalysisTrue_IsReportedAtItsKey() =>
        RuleVerifier.Verify(CheckYaml.WithSpec(Analysis, "  {|CG1020:skipAnalysis|}: true\n"), "CG1020");

    [Theory]
    [InlineData("  skipAnalysis: false\n")]
    [InlineData("  skipAnalysis: \"true\"\n")]
    [InlineData("")]
    public void FalseQuotedOrAbsent_IsNotReported(string field) =>
        RuleVerifier.Verify(CheckYaml.WithSpec(Analysis, field), "CG1020");

    [Fact]
    public void Message_SaysEveryReleaseIsPromoted()
    {
        var finding = RuleVerifier.Single(CheckYaml.WithSpec(Analysis, "  skipAnalysis: true\n"), "CG1020");
        Assert.Equal("skipAnalysis is true: Flagger promotes every release as soon as its pods are ready, without running the metrics or webhooks", finding.Message);
        Assert.Equal("spec.skipAnalysis", finding.Path);
    }

    [Fact]
    public void AnnotationSuppression_IsHonoured()
    {
        var text = CheckYaml.WithSpec(Analysis, "  skipAnalysis: true\n")
            .Replace("  namespace: shop\n", "  namespace: shop\n  annotations:\n    canaryguard.io/suppress: \"CG1020: hotfix window\"\n", StringComparison.Ordinal);
        var finding = Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG1020");
        Assert.Equal(SuppressionKind.Annotation, finding.Suppression?.Kind);
        Assert.Equal("hotfix window", finding.Suppression!.Justification);
    }
}
