using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Rules.Analysis;

namespace CanaryGuard.Rules.Tests.Rules.Input;

public sealed class CG0006Tests
{
    private static readonly IReadOnlySet<string> KnownIds = AnalysisEngine.CreateDefault().KnownIds;

    [Fact]
    public void BadPolicyEntries_AreReportedAtTheirLineAndColumn_AndTheRestOfThePolicyStillApplies()
    {
        var loaded = PolicyLoader.Load(
            ".canaryguard.yaml",
            "rules:\n  CG1005: loud\n  CG9999: error\n  CG1013: none\n",
            KnownIds);

        Assert.Equal(
            [
                ("CG0006", 2, 3, "'loud' is not a severity for CG1005; use error, warning, info, hidden or none"),
                ("CG0006", 3, 3, "unknown rule id 'CG9999' in 'rules'"),
            ],
            loaded.Problems.Select(p => (p.Id, p.Span!.Value.StartLine, p.Span.Value.StartColumn, p.Message)).OrderBy(p => p.StartLine));
        Assert.All(loaded.Problems, p => Assert.Equal(DiagnosticSeverity.Warning, p.Severity));
        var checksNothing = AnalysisChecksNothingRule.Rule;
        var stepWeight = StepWeightNotBelowMaxWeightRule.Rule;
        Assert.Equal(DiagnosticSeverity.None, loaded.Policy.EffectiveSeverity(checksNothing, checksNothing.DefaultSeverity));
        Assert.Equal(DiagnosticSeverity.Warning, loaded.Policy.EffectiveSeverity(stepWeight, stepWeight.DefaultSeverity));
    }

    [Fact]
    public void ASuppressionCommentNamingAnUnknownId_IsReportedOnTheCommentLine()
    {
        var result = EngineTestSupport.LintFiles(("web.yaml", "# canaryguard-disable-next-line CG9999 -- typo\n" + EngineTestSupport.CanaryWithCG1005));
        var problem = Assert.Single(result.Diagnostics, d => d.Id == "CG0006");
        Assert.Equal("'canaryguard-disable-next-line' names unknown rule id 'CG9999'", problem.Message);
        Assert.Equal(1, problem.Span!.Value.StartLine);
        Assert.Contains(result.Reported, d => d.Id == "CG1005");
    }

    [Fact]
    public void AnAnnotationNamingAnUnknownId_IsReportedAtTheAnnotation()
    {
        var text = EngineTestSupport.CanaryWithCG1005.Replace(
            "  namespace: shop\n",
            "  namespace: shop\n  annotations:\n    canaryguard.io/suppress: \"CG1005: accepted, CG12345\"\n",
            StringComparison.Ordinal);
        var result = EngineTestSupport.LintFiles(("web.yaml", text));
        var problem = Assert.Single(result.Diagnostics, d => d.Id == "CG0006");
        Assert.Equal("annotation canaryguard.io/suppress names unknown rule id 'CG12345'", problem.Message);
        Assert.Equal((7, 5), (problem.Span!.Value.StartLine, problem.Span.Value.StartColumn));
        Assert.True(Assert.Single(result.Diagnostics, d => d.Id == "CG1005").IsSuppressed);
    }
}
