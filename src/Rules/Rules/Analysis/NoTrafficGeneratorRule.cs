using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1021: metrics measured on a canary nothing is guaranteed to call.</summary>
public sealed class NoTrafficGeneratorRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1021",
        "No webhook generates traffic for the metrics",
        "the analysis checks metrics but has no rollout or pre-rollout webhook to generate traffic: unless real traffic reaches the canary, its checks find no values and the canary is rolled back",
        RuleCategories.Analysis,
        DiagnosticSeverity.Info,
        "Metrics are computed from requests the canary serves. Services without steady traffic need a load test (for example flagger-loadtester as a rollout webhook); otherwise Flagger reports \"no values found\" and counts failed checks.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis?.Node.Sequence("metrics") is { Count: > 0 } metrics && !analysis.Webhooks.Any(AnalysisFacts.IsGating))
        {
            context.Report(Rule, metrics);
        }
    }
}
