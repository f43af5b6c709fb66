using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Baseline;

/// <summary>Marks the findings recorded in baselines as suppressed (<see cref="SuppressionKind.Baseline"/>).</summary>
internal static class BaselineFilter
{
    public static AnalysisResult Apply(AnalysisResult result, IReadOnlyList<BaselineFile> baselines)
    {
        if (baselines.Count == 0)
        {
            return result;
        }

        var diagnostics = result.Diagnostics.Select(d =>
            d.Suppression is null && BaselineFile.IsBaselinable(d) && baselines.FirstOrDefault(b => b.Contains(d)) is { } baseline
                ? d with { Suppression = new Suppression(SuppressionKind.Baseline, $"recorded in the baseline {baseline.Path}") }
                : d);
        return result with { Diagnostics = [.. diagnostics] };
    }
}
