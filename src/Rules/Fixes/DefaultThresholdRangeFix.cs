using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Rules.Analysis;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// CG1015: gives a builtin metric without threshold the policy's bound (<c>canaryTemplate.requestSuccessRateMin</c>
/// or <c>requestDurationMax</c>). A custom metric has no safe default (what its numbers mean is up to its query),
/// and an empty or inverted range needs a decision, so those are not fixed.
/// </summary>
public sealed class DefaultThresholdRangeFix : CodeFixProvider
{
    public override IReadOnlyList<string> FixableDiagnosticIds { get; } = [MetricThresholdUnusableRule.Rule.Id];

    public override string EquivalenceKey => "AddDefaultThresholdRange";

    public override string Title => "adds the policy's thresholdRange to a builtin metric that has none (custom metrics have no safe default)";

    public override IEnumerable<TextEdit> ComputeEdits(FixContext context)
    {
        var metric = context.Node as MappingNode ?? context.Ancestor(1) as MappingNode;
        if (metric is null || metric.ContainsKey("thresholdRange") || metric.ContainsKey("threshold"))
        {
            yield break;
        }

        var template = context.Policy.CanaryTemplate;
        (string Bound, double Value)? range = metric.String("name") switch
        {
            BuiltinMetrics.RequestSuccessRate => ("min", template.RequestSuccessRateMin),
            BuiltinMetrics.RequestDuration => ("max", template.RequestDurationMax),
            _ => null,
        };
        if (range is { } r && context.Edits.AddEntry(metric, "thresholdRange", YamlValue.Map((r.Bound, YamlValue.Text(MetricUnitFix.Format(r.Value))))) is { } edit)
        {
            yield return edit;
        }
    }
}
