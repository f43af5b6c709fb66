using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1024: match conditions that do not produce the A/B test they suggest.</summary>
public sealed class MatchWithoutABTestRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1024",
        "match does not make an A/B test",
        "match {0}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger runs an A/B test only when the analysis has iterations and match conditions. With stepWeight or stepWeights it runs a weighted canary in which only matching requests can reach the canary. The kubernetes provider has no layer-7 routing at all and drops the match conditions.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var canary = CanaryView.From(context.Resource);
        if (canary?.Analysis is not { Match: { Count: > 0 } match } analysis)
        {
            return;
        }

        var provider = AnalysisFacts.Provider(canary, context.Policy);
        if (provider == "kubernetes")
        {
            context.Report(Rule, match, "is dropped by the kubernetes provider, which cannot route by header or cookie: no A/B test runs");
        }
        else if (analysis.Iterations is not { IsNull: false } iterations || (iterations.TryGetInt64(out var count) && count <= 0))
        {
            context.Report(Rule, match, "without iterations is not an A/B test: Flagger shifts weight step by step and only matching requests can reach the canary");
        }
    }
}
