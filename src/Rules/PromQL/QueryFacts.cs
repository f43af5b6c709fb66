using System.Text.RegularExpressions;
using CanaryGuard.Rules.Templates;

namespace CanaryGuard.Rules.PromQL;

/// <summary>What a parsed query measures, for the rules that judge it: its selectors in context, counters, quantiles, units.</summary>
public static partial class QueryFacts
{
    /// <summary>Functions that read a counter's increase over a window (or only whether it exists), not its lifetime value.</summary>
    private static readonly HashSet<string> CounterSafeFunctions = new(["rate", "irate", "increase", "resets", "changes", "absent", "absent_over_time", "present_over_time", "timestamp"], StringComparer.Ordinal);

    /// <summary>Aggregations whose result does not depend on the counters' values.</summary>
    private static readonly HashSet<string> CounterSafeAggregations = new(["count", "group"], StringComparer.Ordinal);

    /// <summary>Label names that name a workload, its pods, Service, Ingress or route in the exporters Flagger users query.</summary>
    private static readonly string[] WorkloadLabelParts = ["workload", "deployment", "app", "service", "pod", "job", "container", "ingress", "route", "upstream", "backend", "instance", "name", "host", "target"];

    /// <summary>Every selector with the chain of expressions around it, outermost first.</summary>
    public static IEnumerable<(VectorSelector Selector, IReadOnlyList<PromQLExpression> Ancestors)> Selectors(PromQLExpression root)
    {
        var path = new List<PromQLExpression>();
        return Walk(root, path);

        static IEnumerable<(VectorSelector, IReadOnlyList<PromQLExpression>)> Walk(PromQLExpression node, List<PromQLExpression> path)
        {
            if (node is VectorSelector selector)
            {
                yield return (selector, path.ToArray());
                yield break;
            }

            path.Add(node);
            foreach (var child in node.Children)
            {
                foreach (var found in Walk(child, path))
                {
                    yield return found;
                }
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>Whether the metric name is a counter (or a histogram's or summary's counter series) by Prometheus' naming.</summary>
    public static bool IsCounter(string? metricName) =>
        metricName is not null && (metricName.EndsWith("_total", StringComparison.Ordinal) || metricName.EndsWith("_count", StringComparison.Ordinal)
            || metricName.EndsWith("_sum", StringComparison.Ordinal) || metricName.EndsWith("_bucket", StringComparison.Ordinal));

    /// <summary>Counter selectors read for their lifetime value: not under rate(), irate(), increase() or a function that only counts series.</summary>
    public static IEnumerable<VectorSelector> RawCounters(PromQLExpression root) =>
        Selectors(root)
            .Where(s => IsCounter(s.Selector.MetricName) && !s.Ancestors.Any(a => a is FunctionCall call && CounterSafeFunctions.Contains(call.Function.Name) || a is Aggregation aggregation && CounterSafeAggregations.Contains(aggregation.Operator)))
            .Select(s => s.Selector);

    /// <summary>histogram_quantile calls whose buckets are aggregated away from the le label.</summary>
    public static IEnumerable<FunctionCall> QuantilesWithoutLe(PromQLExpression root) =>
        root.DescendantsAndSelf().OfType<FunctionCall>()
            .Where(call => call.Function.Name == "histogram_quantile" && call.Arguments.Count == 2 && OutermostAggregation(call.Arguments[1]) is { } aggregation && DropsLe(aggregation));

    private static Aggregation? OutermostAggregation(PromQLExpression expression) => expression switch
    {
        Aggregation aggregation => aggregation,
        ParenExpression paren => OutermostAggregation(paren.Inner),
        _ => null,
    };

    private static bool DropsLe(Aggregation aggregation) => aggregation.Grouping switch
    {
        null => true,
        var labels when aggregation.Without => labels.Contains("le"),
        var labels => !labels.Contains("le"),
    };

    /// <summary>Whether the query reads any series at all (a query without one is a constant).</summary>
    public static bool ReadsSeries(PromQLExpression root) => root.DescendantsAndSelf().Any(e => e is VectorSelector);

    /// <summary>
    /// Whether an exact (=, !=) matcher's value holds regular-expression syntax, so it cannot mean what it says. A
    /// number as Prometheus writes one is a literal value: histogram buckets carry <c>le="+Inf"</c>, summaries
    /// <c>quantile="0.99"</c>.
    /// </summary>
    public static bool LooksLikeRegex(LabelMatcher matcher) =>
        matcher.Operator is MatchOperator.Equal or MatchOperator.NotEqual && RegexSyntax().IsMatch(matcher.Value) && !IsSampleNumber(matcher.Value);

    private static bool IsSampleNumber(string value) =>
        value is "+Inf" or "-Inf" or "NaN" || double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>
    /// Whether a selector is narrowed to one workload: a positive matcher whose value came from {{ target }},
    /// {{ service }}, {{ ingress }}, {{ route }} or {{ name }} (printf included), names the canary's workload, or is a
    /// literal value on a label that names workloads.
    /// </summary>
    public static bool FiltersWorkload(MetricQuery query, VectorSelector selector, IReadOnlyCollection<string> workloadNames) =>
        selector.Matchers.Any(m => !IsContainerLabel(m.Name) && Narrows(query, m, workloadNames));

    /// <summary>
    /// The container matcher that would narrow the selector to the workload but cannot: Flagger copies the pod template
    /// to the primary, so <c>container="{{ target }}"</c> matches the primary's pods as well as the canary's.
    /// </summary>
    public static LabelMatcher? ContainerOnlyFilter(MetricQuery query, VectorSelector selector, IReadOnlyCollection<string> workloadNames) =>
        selector.Matchers.FirstOrDefault(m => IsContainerLabel(m.Name) && Narrows(query, m, workloadNames));

    private static bool Narrows(MetricQuery query, LabelMatcher m, IReadOnlyCollection<string> workloadNames) =>
        m.IsPositive && !m.MatchesEmpty && !MatchesAnything(m) && (
            query.FunctionsWithin(m.ValueSpan).Any(FlaggerTemplateData.WorkloadFunctions.Contains)
            || workloadNames.Any(name => name.Length > 0 && m.Value.Contains(name, StringComparison.Ordinal))
            || (!query.FunctionsWithin(m.ValueSpan).Any() && IsWorkloadLabel(m.Name)));

    private static bool IsContainerLabel(string label) => label.Contains("container", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The positive matcher of a workload label whose value names a primary workload (<c>web-primary</c>,
    /// <c>{{ target }}-primary-.*</c>): Flagger's primary runs the version being replaced, not the canary.
    /// </summary>
    public static LabelMatcher? PrimaryWorkloadMatcher(VectorSelector selector) =>
        selector.Matchers.FirstOrDefault(m => m.IsPositive && IsWorkloadLabel(m.Name) && PrimaryName().IsMatch(m.Value));

    private static bool MatchesAnything(LabelMatcher matcher) => matcher.IsRegex && matcher.Value is ".*" or ".+" or ".*.*";

    private static bool IsWorkloadLabel(string label) => WorkloadLabelParts.Any(part => label.Contains(part, StringComparison.OrdinalIgnoreCase)) && label != "namespace";

    /// <summary>
    /// The labels by which the query's result can still hold several series; empty when it is one number (an
    /// aggregation without by, a scalar, a quantile of buckets summed by le alone). Null when it cannot be told.
    /// </summary>
    public static IReadOnlyList<string>? SeveralSeriesBy(PromQLExpression expression) => expression switch
    {
        NumberLiteral or StringLiteral => [],
        ParenExpression paren => SeveralSeriesBy(paren.Inner),
        UnaryExpression unary => SeveralSeriesBy(unary.Operand),
        Aggregation { Operator: "topk" or "bottomk" or "count_values" } => null,
        Aggregation { Grouping: null } => [],
        Aggregation { Without: false } aggregation => aggregation.Grouping!,
        Aggregation => ["label outside the without list"],
        FunctionCall { Function.Name: "scalar" or "vector" or "time" or "pi" or "absent" or "absent_over_time" } => [],
        FunctionCall { Function.Name: "histogram_quantile" } call when call.Arguments.Count == 2 => SeveralSeriesBy(call.Arguments[1])?.Where(l => l != "le").ToList(),
        FunctionCall call => call.Arguments.FirstOrDefault(a => a.Type is PromQLType.InstantVector or PromQLType.RangeVector) is { } vector ? SeveralSeriesBy(vector) : [],
        MatrixSelector matrix => SeveralSeriesBy(matrix.Selector),
        Subquery subquery => SeveralSeriesBy(subquery.Expression),
        BinaryExpression binary => Union(SeveralSeriesBy(binary.Left), SeveralSeriesBy(binary.Right)),
        VectorSelector => ["matching series"],
        _ => null,
    };

    private static IReadOnlyList<string>? Union(IReadOnlyList<string>? left, IReadOnlyList<string>? right) =>
        left is null || right is null ? null : [.. left.Union(right, StringComparer.Ordinal)];

    /// <summary>A selector of a latency in seconds: a histogram's _seconds_bucket, or a summary's _seconds series.</summary>
    public static VectorSelector? SecondsLatency(PromQLExpression root) =>
        Selectors(root).Select(s => s.Selector).FirstOrDefault(s =>
            s.MetricName is { } name && (name.EndsWith("_seconds_bucket", StringComparison.Ordinal)
                || (name.EndsWith("_seconds", StringComparison.Ordinal) && s.Matchers.Any(m => m.Name == "quantile"))
                || name.EndsWith("_seconds_sum", StringComparison.Ordinal)));

    [GeneratedRegex(@"[*+?|()\[\]^$\\]|\.\.|\.[*+?]", RegexOptions.CultureInvariant)]
    private static partial Regex RegexSyntax();

    /// <summary>Flagger's name for a primary workload, <c>&lt;target&gt;-primary</c>, as a word of the value.</summary>
    [GeneratedRegex(@"-primary(?![A-Za-z0-9_])", RegexOptions.CultureInvariant)]
    private static partial Regex PrimaryName();
}
