using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1013: an analysis with no metrics and no gating webhooks can only ever pass.</summary>
public sealed class AnalysisChecksNothingRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1013",
        "The analysis checks nothing",
        "the analysis has no metrics and no rollout or pre-rollout webhooks: every release is promoted whatever it does",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "With no metrics and no webhook that can fail a step, Flagger's analysis passes by construction. The canary only has to become ready. A load test (hey, ghz, wrk, ab through flagger-loadtester) generates traffic but exits 0 whatever the responses, so it cannot fail a step either.");

    public static readonly DiagnosticDescriptor OnlyLoadTests = new(
        "CG1013",
        Rule.Title,
        "the analysis has no metrics and its only rollout or pre-rollout webhooks ({0}) generate load, which cannot fail: every release is promoted whatever it does",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, OnlyLoadTests];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        if (analysis.Metrics.Count > 0)
        {
            return;
        }

        var gating = analysis.Webhooks.Where(AnalysisFacts.IsGating).ToList();
        if (gating.Count == 0)
        {
            context.Report(Rule, analysis.Node);
        }
        else if (gating.All(WebhookCommands.IsLoadTest))
        {
            context.Report(OnlyLoadTests, analysis.Node, string.Join(", ", gating.Select(w => w.Name ?? w.Node.Path)));
        }
    }
}
