using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>CG0005: a Canary field Flagger still reads but has deprecated since v1beta1.</summary>
public sealed class DeprecatedFieldRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG0005",
        "Deprecated field",
        "{0} is deprecated: {1}",
        RuleCategories.Input,
        DiagnosticSeverity.Warning,
        "Flagger v1beta1 deprecated a metric's threshold (replaced by thresholdRange, whose min and max say which side fails) and the inline Prometheus query (replaced by MetricTemplate resources, which name their provider). Flagger still reads both for now; the CRD schema keeps them, so nothing else warns.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        foreach (var metric in CanaryView.From(context.Resource)?.Analysis?.Metrics ?? [])
        {
            if (metric.Threshold is { IsNull: false } threshold)
            {
                context.Report(Rule, threshold, threshold.Path, ThresholdReplacement(metric.Name, threshold));
            }

            if (metric.Query is { IsNull: false } query)
            {
                context.Report(Rule, query, query.Path, "move the query into a MetricTemplate and reference it with templateRef");
            }
        }
    }

    /// <summary>Flagger's upgrade guide: a success rate's threshold becomes a minimum, everything else a maximum.</summary>
    private static string ThresholdReplacement(string? metricName, ScalarNode threshold) => metricName switch
    {
        "request-success-rate" => $"use thresholdRange: {{min: {threshold.Value}}} instead",
        "request-duration" => $"use thresholdRange: {{max: {threshold.Value}}} instead",
        _ => "use thresholdRange with min and/or max instead",
    };
}
