using System.Globalization;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.PromQL;
using CanaryGuard.Rules.Rules.References;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// CG1016: a metric's bound written in the wrong unit: a ratio for the builtin success rate's percentage, seconds for
/// the builtin duration's milliseconds, milliseconds for a query that measures a latency in seconds.
/// </summary>
public sealed class BuiltinMetricUnitMismatchRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1016",
        "Builtin metric bound in the wrong unit",
        "{0} {1} ({2}) {3}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "Flagger reads request-success-rate as a percentage (0-100) and request-duration in milliseconds. A success-rate min of 0.99 or 1 lets almost every failing release pass, a min above 100 fails every release; a duration max below 1 fails every release and one above a minute passes every release. A custom query over a _seconds histogram or summary measures seconds: a max above 10 is most likely milliseconds, and never fails.");

    /// <summary>Above a minute, a latency bound no longer tells releases apart.</summary>
    private const double MaxSensibleDurationMilliseconds = 60_000;

    /// <summary>Above ten seconds, a bound on a request latency in seconds is a bound written in milliseconds.</summary>
    private const double MaxSensibleDurationSeconds = 10;

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [ReadKinds.MetricTemplate];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        foreach (var metric in analysis.Metrics)
        {
            // The deprecated threshold is the minimum of request-success-rate and the maximum of request-duration.
            var range = metric.ThresholdRange;
            switch (metric.Name)
            {
                case BuiltinMetrics.RequestSuccessRate:
                    CheckSuccessRate(context, range is null ? metric.Threshold : range.Scalar("min"));
                    break;
                case BuiltinMetrics.RequestDuration:
                    CheckDuration(context, range is null ? metric.Threshold : range.Scalar("max"));
                    break;
                default:
                    CheckSecondsQuery(context, metric, range is null ? metric.Threshold : range.Scalar("max"));
                    break;
            }
        }
    }

    private static void CheckSuccessRate(RuleContext context, ScalarNode? bound)
    {
        if (bound is null || !bound.TryGetDouble(out var min))
        {
            return;
        }

        if (min <= 1)
        {
            var failing = (100 - Math.Max(min, 0)).ToString("0.##", CultureInfo.InvariantCulture);
            Report(context, BuiltinMetrics.RequestSuccessRate, bound, $"is a percentage, not a ratio: the check passes while up to {failing}% of requests fail");
        }
        else if (min > 100)
        {
            Report(context, BuiltinMetrics.RequestSuccessRate, bound, "is above 100%: the check always fails");
        }
    }

    private static void CheckDuration(RuleContext context, ScalarNode? bound)
    {
        if (bound is null || !bound.TryGetDouble(out var max))
        {
            return;
        }

        if (max < 1)
        {
            Report(context, BuiltinMetrics.RequestDuration, bound, $"is read in milliseconds, not seconds: the check fails whenever latency is above {bound.Display}ms");
        }
        else if (max > MaxSensibleDurationMilliseconds)
        {
            Report(context, BuiltinMetrics.RequestDuration, bound, "is read in milliseconds and allows over a minute: the check practically never fails");
        }
    }

    private static void CheckSecondsQuery(RuleContext context, MetricView metric, ScalarNode? bound)
    {
        if (bound is null || !bound.TryGetDouble(out var max) || max <= MaxSensibleDurationSeconds || MetricQueries.OfMetric(context, metric)?.Expression is not { } expression
            || QueryFacts.SecondsLatency(expression) is not { } seconds)
        {
            return;
        }

        Report(context, metric.Name ?? "(unnamed)", bound, $"is compared with a latency in seconds ({seconds.MetricName}): {bound.Display} seconds practically never fails; write the bound in seconds");
    }

    private static void Report(RuleContext context, string metric, ScalarNode bound, string consequence)
    {
        var key = bound.Path[(bound.Path.LastIndexOf('.') + 1)..];
        context.Report(Rule, bound, metric, key, bound.Display, consequence);
    }
}
