using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.PromQL;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2016: a query that reads counters as they stand, or histogram buckets without their le label.</summary>
public sealed class MisreadMetricQueryRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2016",
        "Metric query reads the wrong values",
        "{0} is a counter read without rate(), irate() or increase(): the query measures its total since the process started, not the analysis window",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        "Counters (_total, _count, _sum, _bucket) only grow; their value is a lifetime total that a bad canary barely moves. rate(x[{{ interval }}]) or increase() measures the analysis window. histogram_quantile needs the le label of the buckets: an aggregation that drops it leaves no buckets, the query returns no data and every check fails.");

    public static readonly DiagnosticDescriptor QuantileWithoutLe = new(
        "CG2016",
        Rule.Title,
        "histogram_quantile gets buckets aggregated without the le label: the query returns no data and every check fails; aggregate by (le)",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, QuantileWithoutLe];

    public override bool AppliesTo(KubernetesResource resource) => MetricQueries.AppliesTo(resource);

    public override void Analyze(RuleContext context)
    {
        foreach (var query in MetricQueries.Of(context.Resource).Queries)
        {
            if (query.Expression is not { } expression)
            {
                continue;
            }

            foreach (var counter in QueryFacts.RawCounters(expression))
            {
                context.ReportWithin(Rule, Rule.DefaultSeverity, query.Node, query.Locate(counter.Span), counter.MetricName);
            }

            foreach (var quantile in QueryFacts.QuantilesWithoutLe(expression))
            {
                context.ReportWithin(QuantileWithoutLe, QuantileWithoutLe.DefaultSeverity, query.Node, query.Locate(quantile.Span));
            }
        }
    }
}
