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
        "With no metrics and no webhook that can fail a step, Flagger's analysis passes by construction. The canary only has to become ready.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        if (analysis.Metrics.Count == 0 && !analysis.Webhooks.Any(AnalysisFacts.IsGating))
        {
            context.Report(Rule, analysis.Node);
        }
    }
}
