using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1017: a metric Flagger has no way to evaluate, which Flagger v1.44 counts as a failed check every interval.</summary>
public sealed class UnresolvableMetricRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1017",
        "Metric Flagger cannot resolve",
        "metric {0} is not a builtin (request-success-rate, request-duration) and has neither templateRef nor query: Flagger fails it at every analysis (\"no usable metrics template and query were configured\"), so every release is rolled back",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "Flagger runs the builtin queries by metric name, a MetricTemplate through templateRef, or an inline query. Flagger v1.44 counts a metric with none of them as a failed check at every analysis interval (scheduler_metrics.go), so the canary reaches the threshold and is rolled back whatever it does.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        foreach (var metric in analysis.Metrics.Where(m => !AnalysisFacts.IsResolvable(m)))
        {
            context.Report(Rule, AnalysisFacts.Anchor(metric.Node), AnalysisFacts.DisplayName(metric));
        }
    }
}
