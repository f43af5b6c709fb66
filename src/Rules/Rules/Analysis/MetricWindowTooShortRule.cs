using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1019: a metric window that cannot hold two scrapes, so rate() finds no values.</summary>
public sealed class MetricWindowTooShortRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1019",
        "Metric window shorter than two scrape intervals",
        "metric {0} queries a {1} window, shorter than two scrape intervals (2 x {2}): it can hold fewer than two samples and the check halts with \"no values found\"",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger passes the metric's interval (1m by default) as the range of the builtin and template queries. Prometheus' rate() needs two samples in that range; with a window shorter than two scrape intervals it often has one, the query returns nothing and Flagger counts a failed check.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        var scrapeInterval = context.Policy.Analysis.ScrapeInterval;
        // An inline query is sent as written: only builtins and templates receive the window.
        var windowed = analysis.Metrics.Where(m => AnalysisFacts.IsBuiltin(m.Name) || m.Node.ContainsKey("templateRef"));
        foreach (var metric in windowed)
        {
            if (AnalysisFacts.TryGetMetricWindow(metric, out var window) && window < 2 * scrapeInterval)
            {
                context.Report(
                    Rule,
                    metric.Interval ?? AnalysisFacts.Anchor(metric.Node),
                    AnalysisFacts.DisplayName(metric),
                    GoDuration.Format(window),
                    GoDuration.Format(scrapeInterval));
            }
        }
    }
}
