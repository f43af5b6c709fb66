using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.PromQL;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2012: a Prometheus metric query must reduce to one number about the canary's workload.</summary>
public sealed class MetricQueryShapeRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2012",
        "MetricTemplate query shape",
        "the query can return several series (one per {0}): Flagger reads one number and keeps whichever series comes last",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        "Flagger reads a single number from a Prometheus query: with several series it keeps the last one. A selector that is not narrowed to the canary's workload (by {{ target }}, {{ service }}, {{ ingress }}, {{ route }}, {{ name }}, a printf of them, or the workload's name) measures every workload that exports the metric, not the canary.");

    public static readonly DiagnosticDescriptor NotFiltered = new(
        "CG2012",
        Rule.Title,
        "the selector {0} has no filter on the canary's workload: it measures every workload exporting the metric, not the canary",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public static readonly DiagnosticDescriptor PrimaryFiltered = new(
        "CG2012",
        Rule.Title,
        "the selector {0} is narrowed to the primary ({1}): the primary runs the version being replaced, so the check judges the old release, not the canary",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public static readonly DiagnosticDescriptor ContainerFiltered = new(
        "CG2012",
        Rule.Title,
        "the selector {0} is narrowed by container name only ({1}): the primary's pods run the same containers, so it measures the primary and the canary together",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, NotFiltered, PrimaryFiltered, ContainerFiltered];

    public override bool AppliesTo(KubernetesResource resource) => MetricQueries.AppliesTo(resource);

    public override void Analyze(RuleContext context)
    {
        var queries = MetricQueries.Of(context.Resource);
        foreach (var query in queries.Queries)
        {
            if (query.Expression is not { } expression)
            {
                continue;
            }

            if (QueryFacts.SeveralSeriesBy(expression) is { Count: > 0 } labels)
            {
                context.Report(Rule, query.Node, string.Join(", ", labels));
            }

            foreach (var (selector, _) in QueryFacts.Selectors(expression))
            {
                ReportSelector(context, query, selector, queries.WorkloadNames);
            }
        }
    }

    /// <summary>A selector narrowed to the primary, by container name only (primary and canary alike), or not at all.</summary>
    private static void ReportSelector(RuleContext context, MetricQuery query, VectorSelector selector, IReadOnlyList<string> workloadNames)
    {
        var metric = selector.MetricName ?? query.Written(selector.Span);
        var at = query.Locate(selector.Span);
        if (QueryFacts.PrimaryWorkloadMatcher(selector) is { } primary)
        {
            context.ReportWithin(PrimaryFiltered, PrimaryFiltered.DefaultSeverity, query.Node, at, metric, query.Written(primary.Span));
        }
        else if (QueryFacts.FiltersWorkload(query, selector, workloadNames))
        {
            return;
        }
        else if (QueryFacts.ContainerOnlyFilter(query, selector, workloadNames) is { } container)
        {
            context.ReportWithin(ContainerFiltered, ContainerFiltered.DefaultSeverity, query.Node, at, metric, query.Written(container.Span));
        }
        else
        {
            context.ReportWithin(NotFiltered, NotFiltered.DefaultSeverity, query.Node, at, query.Written(selector.Span));
        }
    }
}
