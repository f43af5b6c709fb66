using System.Globalization;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Rules.Analysis;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// CG1016: converts a bound written in the wrong unit: a success-rate ratio below 1 to a percentage (0.99 to 99), a
/// duration in seconds to milliseconds (0.5 to 500). Bounds out of range in the right unit (above 100%, above a
/// minute) have no mechanical fix, nor has a success-rate min of exactly 1 (1% or a ratio of 100%?).
/// </summary>
public sealed class MetricUnitFix : CodeFixProvider
{
    public override IReadOnlyList<string> FixableDiagnosticIds { get; } = [BuiltinMetricUnitMismatchRule.Rule.Id];

    public override string EquivalenceKey => "ConvertMetricUnit";

    public override string Title => "converts a success-rate ratio to a percentage (0.99 to 99) or a duration in seconds to milliseconds (0.5 to 500)";

    public override IEnumerable<TextEdit> ComputeEdits(FixContext context)
    {
        if (context.Node is not ScalarNode bound || !bound.TryGetDouble(out var value) || value <= 0
            || MetricOf(context) is not { } metric)
        {
            yield break;
        }

        var factor = metric.String("name") switch
        {
            BuiltinMetrics.RequestSuccessRate when value < 1 => 100,
            BuiltinMetrics.RequestDuration when value < 1 => 1000,
            _ => 0,
        };
        if (factor > 0)
        {
            yield return context.Edits.ReplaceScalar(bound, Format(value * factor));
        }
    }

    /// <summary>A number as YAML text, without the binary noise of the multiplication (0.99 * 100 is 98.99999999999999).</summary>
    public static string Format(double value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>The metric entry a bound belongs to (<c>metrics[0]</c> above <c>threshold</c> or <c>thresholdRange.min</c>).</summary>
    public static MappingNode? MetricOf(FixContext context) =>
        context.Chain.LastOrDefault(n => n is MappingNode && n.Path.EndsWith(']')) as MappingNode;
}
