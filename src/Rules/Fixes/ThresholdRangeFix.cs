using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Rules.Input;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// CG0005: rewrites a deprecated <c>threshold: N</c> to <c>thresholdRange: {min: N}</c> for the success rate and
/// <c>{max: N}</c> for every other metric, Flagger's own reading of the old field. The deprecated inline query has
/// no mechanical fix (it needs a MetricTemplate).
/// </summary>
public sealed class ThresholdRangeFix : CodeFixProvider
{
    public override IReadOnlyList<string> FixableDiagnosticIds { get; } = [DeprecatedFieldRule.Rule.Id];

    public override string EquivalenceKey => "ThresholdToThresholdRange";

    public override string Title => "rewrites threshold: N to thresholdRange: {min: N} for request-success-rate and {max: N} for other metrics";

    public override IEnumerable<TextEdit> ComputeEdits(FixContext context)
    {
        if (context.Node is not ScalarNode { Kind: ScalarKind.Int or ScalarKind.Float, KeySpan: not null } threshold
            || !threshold.Path.EndsWith(".threshold", StringComparison.Ordinal)
            || context.Ancestor(1) is not MappingNode metric || metric.ContainsKey("thresholdRange"))
        {
            yield break;
        }

        var bound = metric.String("name") == BuiltinMetrics.RequestSuccessRate ? "min" : "max";
        var edits = context.Edits;
        var written = edits.Source[edits.Start(threshold), edits.End(threshold)];
        yield return new TextEdit(edits.File, edits.KeyStart(threshold), edits.End(threshold), $"thresholdRange: {{{bound}: {written}}}");
    }
}
