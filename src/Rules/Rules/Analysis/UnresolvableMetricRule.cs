using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1017: a metric Flagger has no way to evaluate, so it silently never checks it.</summary>
public sealed class UnresolvableMetricRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1017",
        "Metric Flagger cannot resolve",
        "metric {0} is not a builtin (request-success-rate, request-duration) and has neither templateRef nor query: Flagger never evaluates it, so it never fails",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "Flagger runs the builtin queries by metric name, a MetricTemplate through templateRef, or an inline query. A metric with none of them is skipped without an event: the check it was meant to be does not exist.");

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
