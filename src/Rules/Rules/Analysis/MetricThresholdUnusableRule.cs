using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1015: a metric whose threshold cannot tell a good release from a bad one.</summary>
public sealed class MetricThresholdUnusableRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1015",
        "Metric has no usable threshold",
        "metric {0} {1}: {2}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "Flagger judges a metric by its thresholdRange (or the deprecated threshold). With neither it compares against 0, an empty thresholdRange accepts every value, and a min above max rejects every value: the check either never fails or always fails.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        foreach (var metric in analysis.Metrics.Where(AnalysisFacts.IsResolvable))
        {
            Check(context, metric);
        }
    }

    private static void Check(RuleContext context, MetricView metric)
    {
        var name = AnalysisFacts.DisplayName(metric);
        switch (metric.Node["thresholdRange"])
        {
            case null when !metric.Node.ContainsKey("threshold"):
                context.Report(Rule, AnalysisFacts.Anchor(metric.Node), name, "has no thresholdRange and no threshold", WithoutThreshold(metric.Name));
                break;
            case MappingNode range:
                CheckRange(context, name, range);
                break;
            default:
                // A deprecated threshold (CG0005), or a thresholdRange of the wrong type (CG0004).
                break;
        }
    }

    private static void CheckRange(RuleContext context, string name, MappingNode range)
    {
        var min = range.Scalar("min");
        var max = range.Scalar("max");
        if (IsAbsent(min) && IsAbsent(max))
        {
            context.Report(Rule, range, name, "has an empty thresholdRange", "Flagger accepts every value and the check never fails");
        }
        else if (min is not null && max is not null && min.TryGetDouble(out var low) && max.TryGetDouble(out var high) && low > high)
        {
            context.Report(Rule, range, name, $"has thresholdRange min ({min.Display}) above max ({max.Display})", "no value is in range and the check always fails");
        }
    }

    private static bool IsAbsent(ScalarNode? bound) => bound is null || bound.IsNull;

    /// <summary>What Flagger does with a threshold of 0 (the Go zero value), per metric kind.</summary>
    private static string WithoutThreshold(string? metricName) => metricName switch
    {
        BuiltinMetrics.RequestSuccessRate => "Flagger requires a success rate of at least 0% and the check never fails",
        BuiltinMetrics.RequestDuration => "Flagger allows a latency of at most 0ms and the check always fails",
        _ => "Flagger compares against 0 and fails the check whenever the value is above 0",
    };
}
