using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.PromQL;
using CanaryGuard.Rules.Templates;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2013: a metric query Flagger cannot render, or Prometheus cannot parse, fails every check.</summary>
public sealed class UnrunnableMetricQueryRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2013",
        "Metric query Flagger cannot run",
        "Flagger cannot render this template ({0}): every check fails and every release is rolled back",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "Flagger renders a MetricTemplate's query with Go's text/template and the functions name, namespace, target, service, ingress, route, interval and variables, then sends it to Prometheus. A template that does not render, or a query Prometheus rejects, fails the metric check at every interval: the canary is rolled back every time. Inline queries in a Canary are not rendered at all.");

    public static readonly DiagnosticDescriptor Rejected = new(
        "CG2013",
        Rule.Title,
        "Prometheus rejects the {0}query: {1}: every check fails and every release is rolled back",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        Rule.Description);

    public static readonly DiagnosticDescriptor NotRendered = new(
        "CG2013",
        Rule.Title,
        "Flagger sends inline queries as written, without rendering {0}: the selector matches no series, so every check finds no values and every release is rolled back; move the query to a MetricTemplate",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        Rule.Description);

    public static readonly DiagnosticDescriptor MissingVariable = new(
        "CG2013",
        Rule.Title,
        "MetricTemplate '{0}' reads variables.{1}, which templateVariables does not set: Flagger renders {2} into the query, every check fails and every release is rolled back",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, Rejected, NotRendered, MissingVariable];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [ReadKinds.MetricTemplate];

    public override bool AppliesTo(KubernetesResource resource) => MetricQueries.AppliesTo(resource);

    public override void Analyze(RuleContext context)
    {
        ReportMissingVariables(context);
        foreach (var query in MetricQueries.Of(context.Resource).Queries)
        {
            if (query.Rendered?.Error is { } error)
            {
                context.ReportWithin(Rule, Rule.DefaultSeverity, query.Node, query.LocateInTemplate(error.Start, error.End), error.Message);
            }
            else if (query.Parse?.Error is { } parseError)
            {
                var rendered = query.IsTemplate ? "rendered " : string.Empty;
                var noValue = query.Text.Contains(FlaggerTemplate.NoValue, StringComparison.Ordinal) ? $" (the template rendered {FlaggerTemplate.NoValue})" : string.Empty;
                // An error at the end of the input is shown on the query's last character, not on the line after the block.
                var written = query.Text.TrimEnd().Length;
                var at = parseError.Span.Start >= written && written > 0 ? new QuerySpan(written - 1, written) : parseError.Span;
                context.ReportWithin(Rejected, Rejected.DefaultSeverity, query.Node, query.Locate(at), rendered, parseError.Message + noValue);
            }
            else if (!query.IsTemplate && query.Text.IndexOf("{{", StringComparison.Ordinal) is >= 0 and var at)
            {
                var close = query.Text.IndexOf("}}", at, StringComparison.Ordinal);
                var end = close < 0 ? query.Text.Length : close + 2;
                context.ReportWithin(NotRendered, NotRendered.DefaultSeverity, query.Node, query.Locate(new(at, end)), query.Text[at..end]);
            }
        }
    }

    /// <summary>A Canary's metric whose MetricTemplate reads a variable its templateVariables leave out.</summary>
    private static void ReportMissingVariables(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { } canary)
        {
            return;
        }

        foreach (var metric in canary.Analysis?.Metrics ?? [])
        {
            if (metric.TemplateRef is not { } templateRef || templateRef.String("name") is not { } name
                || context.Lookup.Find(MetricTemplateView.Group, MetricTemplateView.KindName, templateRef.String("namespace") ?? context.Namespace, name) is not { } template
                || MetricTemplateView.From(template) is not { ProviderType: "prometheus", Query: { IsNull: false } query })
            {
                continue;
            }

            var rendered = FlaggerTemplate.Render(query.Value, FlaggerTemplateData.For(canary, context.Namespace, metric));
            foreach (var variable in rendered.MissingVariables.DistinctBy(v => v.Name))
            {
                context.Report(MissingVariable, metric.Node.Mapping("templateVariables") ?? (ManifestNode)templateRef, name, variable.Name, FlaggerTemplate.NoValue);
            }
        }
    }
}
