using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Analysis;

/// <summary>How a Canary moves traffic, as Flagger v1.44 decides it from the fields set.</summary>
public enum RolloutStrategy
{
    /// <summary>Weights rise by stepWeight up to maxWeight.</summary>
    StepWeight,

    /// <summary>Weights follow the stepWeights list.</summary>
    StepWeights,

    /// <summary>A fixed number of iterations: A/B testing with match, blue/green without.</summary>
    Iterations,

    /// <summary>No strategy Flagger can progress with.</summary>
    None,
}

/// <summary>
/// The analysis schedule Flagger runs for a Canary, in v1.44 semantics: the interval floor of 10s, maxWeight
/// defaulting to 100, one analysis per step. Rules and the planner share this one computation.
/// </summary>
public sealed record RolloutSchedule(
    RolloutStrategy Strategy,
    TimeSpan Interval,
    int Analyses,
    int MaxWeight,
    IReadOnlyList<int> Weights)
{
    /// <summary>Flagger never analyses more often than this, whatever the interval says.</summary>
    public static readonly TimeSpan IntervalFloor = TimeSpan.FromSeconds(10);

    public const int DefaultMaxWeight = 100;

    /// <summary>All traffic; the canary's weight never goes above it.</summary>
    public const int TotalWeight = 100;

    /// <summary>False when the canary's weight can never reach maxWeight (over 100): Flagger never promotes.</summary>
    public bool Promotes => Strategy != RolloutStrategy.None && (Strategy != RolloutStrategy.StepWeight || MaxWeight <= TotalWeight);

    /// <summary>The minimum time from the first analysis to promotion: one interval per analysis.</summary>
    public TimeSpan TimeToPromotion => Interval * Analyses;

    /// <summary>The schedule of an analysis, or null when its fields are too broken to say (the input rules report that).</summary>
    public static RolloutSchedule? From(AnalysisView analysis)
    {
        var interval = analysis.IntervalDuration is { } written && written > IntervalFloor ? written : IntervalFloor;
        var maxWeight = analysis.MaxWeight is { } mw && mw.TryGetInt64(out var m) && m > 0 ? (int)Math.Min(m, int.MaxValue) : DefaultMaxWeight;
        if (analysis.Iterations is { } iterationsNode && iterationsNode.TryGetInt64(out var iterations) && iterations > 0
            && analysis.StepWeight is null && analysis.StepWeights is null)
        {
            return new RolloutSchedule(RolloutStrategy.Iterations, interval, (int)Math.Min(iterations, int.MaxValue), maxWeight, []);
        }

        if (analysis.StepWeights is { Count: > 0 } stepWeights)
        {
            var weights = new List<int>();
            foreach (var item in stepWeights.Items)
            {
                if (item is not Model.ScalarNode scalar || !scalar.TryGetInt64(out var weight))
                {
                    return null;
                }

                weights.Add((int)Math.Clamp(weight, int.MinValue, int.MaxValue));
            }

            return new RolloutSchedule(RolloutStrategy.StepWeights, interval, weights.Count, weights[^1], weights);
        }

        if (analysis.StepWeight is { } stepNode && stepNode.TryGetInt64(out var step) && step > 0)
        {
            // Flagger clamps the canary's weight at 100, not at maxWeight: a step past maxWeight is taken in full.
            var weights = new List<int>();
            for (long weight = step; ; weight += step)
            {
                weights.Add((int)Math.Min(weight, TotalWeight));
                if (weight >= maxWeight || weight >= TotalWeight)
                {
                    break;
                }
            }

            return new RolloutSchedule(RolloutStrategy.StepWeight, interval, weights.Count, maxWeight, weights);
        }

        return new RolloutSchedule(RolloutStrategy.None, interval, 0, maxWeight, []);
    }
}
