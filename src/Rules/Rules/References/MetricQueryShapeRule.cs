using System.Text.RegularExpressions;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2012: a Prometheus template query must reduce to one number about the canary.</summary>
public sealed partial class MetricQueryShapeRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2012",
        "MetricTemplate query shape",
        "the query has no aggregation (sum, avg, histogram_quantile, ...): it returns one series per pod and Flagger checks whichever comes last",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        "Flagger reads a single number from a Prometheus query: with several series it keeps the last one. A query that is not filtered by {{ target }} (or {{ service }}, {{ ingress }}) measures every workload that exports the metric, not the canary.");

    public static readonly DiagnosticDescriptor NotFiltered = new(
        "CG2012",
        Rule.Title,
        "the query uses none of {{{{ target }}}}, {{{{ service }}}} or {{{{ ingress }}}}: it measures every workload exporting the metric, not the canary",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, NotFiltered];

    public override bool AppliesTo(KubernetesResource resource) => MetricTemplateView.IsMetricTemplate(resource);

    public override void Analyze(RuleContext context)
    {
        if (MetricTemplateView.From(context.Resource) is not { ProviderType: "prometheus", Query: { IsNull: false } query })
        {
            return;
        }

        if (!Aggregation().IsMatch(query.Value))
        {
            context.Report(Rule, query);
        }

        if (!WorkloadPlaceholder().IsMatch(query.Value))
        {
            context.Report(NotFiltered, query);
        }
    }

    [GeneratedRegex(@"\b(sum|avg|min|max|count|count_values|group|stddev|stdvar|topk|bottomk|quantile|histogram_quantile|scalar)\s*(\(|\b(by|without)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex Aggregation();

    [GeneratedRegex(@"\{\{\s*(target|service|ingress)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex WorkloadPlaceholder();
}
