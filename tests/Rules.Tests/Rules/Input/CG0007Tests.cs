using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.Analysis;

namespace CanaryGuard.Rules.Tests.Rules.Input;

public sealed class CG0007Tests
{
    private static readonly AnalysisEngine EngineWithAFailingRule = new([new ThrowingRule(), new StepWeightNotBelowMaxWeightRule()]);

    [Fact]
    public void ARuleThatThrows_IsReportedOnTheResource_AndTheOtherRulesStillRun()
    {
        var result = EngineTestSupport.LintFiles(EngineWithAFailingRule, ("web.yaml", EngineTestSupport.CanaryWithCG1005));

        var failure = Assert.Single(result.Diagnostics, d => d.Id == "CG0007");
        Assert.Equal("rule CG9901 failed on this resource: the rule broke on purpose", failure.Message);
        Assert.Equal(DiagnosticSeverity.Warning, failure.Severity);
        Assert.Equal("shop/web", failure.Resource!.ToString());
        Assert.Equal("web.yaml", failure.File);
        Assert.Contains(result.Diagnostics, d => d.Id == "CG1005");
    }

    [Fact]
    public void WhatAFailingRuleReportedBeforeThrowing_IsDiscarded()
    {
        var result = EngineTestSupport.LintFiles(EngineWithAFailingRule, ("web.yaml", EngineTestSupport.CanaryWithCG1005));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CG9901");
    }

    [Fact]
    public void EveryResource_GetsItsOwnFailure()
    {
        var result = EngineTestSupport.LintFiles(
            EngineWithAFailingRule,
            ("a.yaml", EngineTestSupport.CanaryWithCG1005),
            ("b.yaml", EngineTestSupport.CanaryWithCG1005.Replace("name: web\n  namespace", "name: api\n  namespace", StringComparison.Ordinal)));
        Assert.Equal(["shop/api", "shop/web"], result.Diagnostics.Where(d => d.Id == "CG0007").Select(d => d.Resource!.ToString()).Order(StringComparer.Ordinal));
    }

    /// <summary>A rule that reports once and then throws, standing for a rule with a bug.</summary>
    private sealed class ThrowingRule : AnalysisRule
    {
        private static readonly DiagnosticDescriptor Rule = new("CG9901", "Always fails", "reported before the failure", RuleCategories.Input, DiagnosticSeverity.Warning, "Test only.");

        public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

        public override bool AppliesTo(KubernetesResource resource) => true;

        public override void Analyze(RuleContext context)
        {
            context.Report(Rule, context.Resource.Root);
            throw new InvalidOperationException("the rule broke on purpose");
        }
    }
}
