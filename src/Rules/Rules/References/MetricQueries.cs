using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.PromQL;
using CanaryGuard.Rules.Templates;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>
/// The Prometheus queries a resource gives Flagger, rendered and parsed once per resource for every rule that judges
/// them: a prometheus MetricTemplate's query (rendered with stand-in values: it serves many Canaries), and a Canary's
/// inline metric queries (sent as written), with the names of the Canary's workload.
/// </summary>
internal sealed class MetricQueries
{
    private MetricQueries(IReadOnlyList<MetricQuery> queries, IReadOnlyList<string> workloadNames)
    {
        Queries = queries;
        WorkloadNames = workloadNames;
    }

    public IReadOnlyList<MetricQuery> Queries { get; }

    /// <summary>Names a literal matcher value can hold to narrow a query to the canary (its target and Service).</summary>
    public IReadOnlyList<string> WorkloadNames { get; }

    public static bool AppliesTo(KubernetesResource resource) => MetricTemplateView.IsMetricTemplate(resource) || CanaryView.IsCanary(resource);

    public static MetricQueries Of(KubernetesResource resource) => resource.Derived(static r => Read(r));

    /// <summary>A Canary metric's inline query, or the query of the MetricTemplate it refers to (the rule declares MetricTemplate as input).</summary>
    public static MetricQuery? OfMetric(RuleContext context, MetricView metric)
    {
        if (metric.Query is { IsNull: false } inline)
        {
            return MetricQuery.Inline(inline);
        }

        return metric.TemplateRef is { } templateRef && templateRef.String("name") is { } name
            && context.Lookup.Find(MetricTemplateView.Group, MetricTemplateView.KindName, templateRef.String("namespace") ?? context.Namespace, name) is { } template
            ? OfTemplate(template)
            : null;
    }

    /// <summary>The parsed query of a prometheus MetricTemplate (null for other providers, or without a query).</summary>
    public static MetricQuery? OfTemplate(KubernetesResource template) =>
        MetricTemplateView.IsMetricTemplate(template) && Of(template).Queries is [var query, ..] ? query : null;

    private static MetricQueries Read(KubernetesResource resource)
    {
        if (MetricTemplateView.From(resource) is { } template)
        {
            return new MetricQueries(
                template is { ProviderType: "prometheus", Query: { IsNull: false } query } ? [MetricQuery.FromTemplate(query, FlaggerTemplateData.StandIn)] : [],
                []);
        }

        var canary = CanaryView.From(resource);
        var inline = canary?.Analysis?.Metrics.Select(m => m.Query).OfType<ScalarNode>().Where(q => !q.IsNull).Select(MetricQuery.Inline).ToList() ?? [];
        var names = new[] { canary?.TargetRef?.String("name"), canary?.Service?.String("name") }.OfType<string>().ToList();
        return new MetricQueries(inline, names);
    }
}
