using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.PromQL;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>
/// CG5010: a metric named as a latency whose query reads nothing timed, or named as a success or error rate whose
/// query neither filters on a status nor divides one count by another: the check gates something else than its name
/// says (most often the request rate, which a broken canary does not move).
/// </summary>
public sealed class MetricMeasuresSomethingElseRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG5010",
        "Metric query does not measure what its name says",
        "{0} is named as a {1}, but its query {2}: the check gates something else, and a release that breaks the {1} passes it",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        "A latency check must read a timed series (a duration or latency histogram, summary or gauge); a success-rate or error-rate check must separate failed requests from the others (a status or code matcher) or divide one count by another. A query that does neither, such as the plain request rate, measures load: a release that fails every request or doubles the latency passes it.");

    private const string Latency = "latency";
    private const string Rate = "success or error rate";

    /// <summary>Parts of metric names that are timed: durations, latencies, times, and the series of histograms and summaries.</summary>
    private static readonly string[] TimedNameParts = ["duration", "latency", "seconds", "milliseconds", "_ms", "time", "_bucket", "_sum", "quantile"];

    /// <summary>Parts of label names that tell failed requests from the others.</summary>
    private static readonly string[] OutcomeLabelParts = ["status", "code", "response", "result", "outcome", "class", "error", "success", "fail", "grpc"];

    /// <summary>Parts of metric names that count failed or successful requests (or responses by status), or are ratios already.</summary>
    private static readonly string[] OutcomeNameParts = ["error", "fail", "success", "status", "code", "5xx", "4xx", "exception", "reject", "ratio", "percent", "availability", "apdex"];

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [ReadKinds.MetricTemplate];

    public override bool AppliesTo(KubernetesResource resource) => MetricQueries.AppliesTo(resource);

    public override void Analyze(RuleContext context)
    {
        var queries = MetricQueries.Of(context.Resource);
        if (MetricTemplateView.IsMetricTemplate(context.Resource))
        {
            if (queries.Queries is [var templateQuery, ..])
            {
                Check(context, context.Resource.Name, $"MetricTemplate {context.Resource.Name}", templateQuery, at: null);
            }

            return;
        }

        foreach (var metric in CanaryView.From(context.Resource)?.Analysis?.Metrics ?? [])
        {
            if (metric.Query is { IsNull: false } inline)
            {
                Check(context, metric.Name, $"metric {metric.Name}", queries.Queries.FirstOrDefault(q => ReferenceEquals(q.Node, inline)), at: null);
            }
            else if (metric.TemplateRef is { } templateRef && templateRef.String("name") is { } templateName
                && Purpose(metric.Name) is { } purpose && Purpose(templateName) != purpose
                && context.Lookup.Find(MetricTemplateView.Group, MetricTemplateView.KindName, templateRef.String("namespace") ?? context.Namespace, templateName) is { } template)
            {
                // A template named for the same purpose is judged where it is written; one named otherwise is judged
                // here, as the purpose this metric gives it.
                Check(context, metric.Name, $"metric {metric.Name} (MetricTemplate {templateName})", MetricQueries.OfTemplate(template), at: templateRef.Scalar("name"));
            }
        }
    }

    /// <summary>Reports a query that does not measure what <paramref name="name"/> says: inside the query, or at <paramref name="at"/>.</summary>
    private static void Check(RuleContext context, string? name, string subject, MetricQuery? query, ManifestNode? at)
    {
        if (Purpose(name) is not { } purpose || query?.Expression is not { } expression || !QueryFacts.ReadsSeries(expression))
        {
            return;
        }

        var missing = purpose == Latency
            ? MeasuresLatency(expression) ? null : "reads no duration, latency or histogram series"
            : MeasuresRate(expression) ? null : "has no status or code matcher and divides nothing";
        if (missing is null)
        {
            return;
        }

        if (at is null)
        {
            context.ReportWithin(Rule, Rule.DefaultSeverity, query.Node, query.Locate(expression.Span), subject, purpose, missing);
        }
        else
        {
            context.Report(Rule, at, subject, purpose, missing);
        }
    }

    /// <summary>What a metric's name says it measures; null when it names neither a latency nor a success or error rate.</summary>
    private static string? Purpose(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (BuiltinMetrics.NameClaims(name, BuiltinMetrics.RequestDuration) || name.Replace('_', '-').Contains("response-time", StringComparison.OrdinalIgnoreCase))
        {
            return Latency;
        }

        return BuiltinMetrics.NameClaims(name, BuiltinMetrics.RequestSuccessRate) ? Rate : null;
    }

    private static bool MeasuresLatency(PromQLExpression expression) =>
        expression.DescendantsAndSelf().Any(e => e is FunctionCall { Function.Name: "histogram_quantile" })
        || QueryFacts.Selectors(expression).Any(s => NameOf(s.Selector) is { } metric && TimedNameParts.Any(part => metric.Contains(part, StringComparison.Ordinal))
            || s.Selector.Matchers.Any(m => m.Name is "le" or "quantile"));

    private static bool MeasuresRate(PromQLExpression expression) =>
        expression.DescendantsAndSelf().Any(e => e is BinaryExpression { Operator: "/" } division && QueryFacts.ReadsSeries(division.Left) && QueryFacts.ReadsSeries(division.Right))
        || QueryFacts.Selectors(expression).Any(s => NameOf(s.Selector) is { } metric && OutcomeNameParts.Any(part => metric.Contains(part, StringComparison.Ordinal))
            || s.Selector.Matchers.Any(m => m.Name != "__name__" && OutcomeLabelParts.Any(part => m.Name.Contains(part, StringComparison.OrdinalIgnoreCase))));

    /// <summary>The metric name a selector reads, written before the braces or as <c>__name__="..."</c>, lower-cased.</summary>
    private static string? NameOf(VectorSelector selector) =>
        (selector.MetricName ?? selector.Matchers.FirstOrDefault(m => m.Name == "__name__" && m.Operator == MatchOperator.Equal)?.Value)?.ToLowerInvariant();
}
