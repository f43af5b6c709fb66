using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.PromQL;
using CanaryGuard.Rules.Rules.References;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1029: the analysis has metrics, but not every kind the policy requires (by default error rate and latency).</summary>
public sealed class RequiredMetricMissingRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1029",
        "A required metric kind is missing",
        "no metric checks the required {0}: {1}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "The policy's analysis.requiredMetrics (default request-success-rate and request-duration) lists what every analysis must check. A builtin counts by name; a custom metric or template counts for request-success-rate when its name contains \"error\" or \"success\", for request-duration when it contains \"latency\" or \"duration\" or its query reads a latency in seconds (a _seconds histogram, summary or _seconds_sum), and for any other kind when it is named exactly like it.");

    /// <summary>Words in a metric or template name that show which builtin kind it stands in for.</summary>
    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [ReadKinds.MetricTemplate];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        // Without any metric CG1013 or CG1014 reports the analysis.
        if (analysis?.Node.Sequence("metrics") is not { Count: > 0 } metricsNode)
        {
            return;
        }

        var metrics = analysis.Metrics;
        foreach (var kind in context.Policy.Analysis.RequiredMetrics)
        {
            if (!metrics.Any(m => Covers(context, m, kind)))
            {
                context.Report(Rule, metricsNode, kind, Consequence(kind));
            }
        }
    }

    private static bool Covers(RuleContext context, MetricView metric, string kind)
    {
        string?[] names = [metric.Name, metric.TemplateRef?.String("name")];
        if (names.Contains(kind, StringComparer.Ordinal))
        {
            return true;
        }

        if (names.Any(name => name is not null && BuiltinMetrics.NameClaims(name, kind)))
        {
            return true;
        }

        // A template named after what it computes (request-processing-seconds-avg) still reads a latency.
        return kind == BuiltinMetrics.RequestDuration && MetricQueries.OfMetric(context, metric)?.Expression is { } expression
            && QueryFacts.SecondsLatency(expression) is not null;
    }

    private static string Consequence(string kind) => kind switch
    {
        BuiltinMetrics.RequestSuccessRate => "a release that fails requests can still be promoted",
        BuiltinMetrics.RequestDuration => "a release that slows down can still be promoted",
        _ => "it is never checked before promotion",
    };
}
