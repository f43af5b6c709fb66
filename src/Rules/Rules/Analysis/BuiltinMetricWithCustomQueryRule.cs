using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// CG1018: a metric named like a builtin that also has a templateRef or query. Flagger's scheduler
/// (pkg/controller/scheduler_metrics.go) runs the builtin query by name and then the template or query as well.
/// </summary>
public sealed class BuiltinMetricWithCustomQueryRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1018",
        "Builtin metric name with a templateRef or query",
        "metric {0} has a {1}: Flagger still runs its builtin {0} query and runs the {2} as well, both judged against the same thresholdRange",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger picks the builtin request-success-rate and request-duration queries by metric name alone. A templateRef or query on such a metric does not replace the builtin: both run, and a threshold meant for the custom query (an error rate, say) is also applied to the builtin one.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        foreach (var metric in analysis.Metrics.Where(m => AnalysisFacts.IsBuiltin(m.Name)))
        {
            if (metric.Node["templateRef"] is { } templateRef)
            {
                context.Report(Rule, templateRef, metric.Name, "templateRef", "template");
            }

            if (metric.Node["query"] is { } query)
            {
                context.Report(Rule, query, metric.Name, "query", "inline query");
            }
        }
    }
}
