using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1014: without metrics only readiness and webhooks decide; a release that errors or slows down passes.</summary>
public sealed class NoMetricsRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1014",
        "The analysis has no metrics",
        "the analysis has no metrics: only pod readiness and the webhooks ({0}) decide promotion, no error rate or latency is checked",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Without metrics Flagger promotes a canary whose pods are ready and whose rollout and pre-rollout webhooks answer 2xx. A release that fails requests or slows down is promoted unless a webhook happens to notice.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null || analysis.Metrics.Count > 0)
        {
            return;
        }

        // With no gating webhook that can fail (none, or only load tests), CG1013 reports the stronger finding.
        var gating = analysis.Webhooks.Where(w => AnalysisFacts.IsGating(w) && !WebhookCommands.IsLoadTest(w)).Select(w => w.Name ?? w.Node.Path).ToList();
        if (gating.Count > 0)
        {
            context.Report(Rule, analysis.Node, string.Join(", ", gating));
        }
    }
}
