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
    IReadOnlyList<int> Weights,
    int Iterations = 0)
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

    /// <summary>Flagger's interval when <c>interval</c> is absent or not a Go duration.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    /// <summary>Flagger's failed-check threshold when none (or one of zero or less) is written.</summary>
    public const int DefaultThreshold = 1;

    /// <summary>The interval Flagger runs at: the written one, raised to the 10s floor.</summary>
    public static TimeSpan EffectiveInterval(TimeSpan written) => written > IntervalFloor ? written : IntervalFloor;

    /// <summary>The threshold Flagger applies (GetAnalysisThreshold): the written one when positive, else 1.</summary>
    public static int EffectiveThreshold(long written) => written > 0 ? (int)Math.Min(written, int.MaxValue) : DefaultThreshold;

    /// <summary>The iterations Flagger sets for a kubernetes-provider canary that has none: it cannot shift traffic.</summary>
    public const int KubernetesProviderIterations = 10;

    /// <summary>
    /// The schedule of an analysis, or null when its fields are too broken to say (the input rules report that).
    /// <paramref name="provider"/> is the effective mesh provider: with <c>kubernetes</c> Flagger runs blue/green.
    /// </summary>
    public static RolloutSchedule? From(AnalysisView analysis, string? provider = null)
    {
        var interval = EffectiveInterval(analysis.IntervalDuration ?? DefaultInterval);
        var iterations = analysis.Iterations is { } iterationsNode && iterationsNode.TryGetInt64(out var i) ? i : 0;
        if (iterations < 1 && provider == "kubernetes")
        {
            iterations = KubernetesProviderIterations;
        }

        // Flagger's scheduler checks iterations before any weight: they win whatever else is set. Blue/green (no
        // match, or the kubernetes provider, which drops match) analyses once more after routing all traffic.
        if (iterations > 0)
        {
            var blueGreen = analysis.Match is not { Count: > 0 } || provider == "kubernetes";
            var analyses = Math.Min(iterations + (blueGreen ? 1 : 0), int.MaxValue);
            return new RolloutSchedule(RolloutStrategy.Iterations, interval, (int)analyses, DefaultMaxWeight, [], (int)Math.Min(iterations, int.MaxValue));
        }

        List<long>? stepWeights = null;
        if (analysis.StepWeights is { Count: > 0 } stepWeightsNode)
        {
            stepWeights = [];
            foreach (var item in stepWeightsNode.Items)
            {
                if (item is not Model.ScalarNode scalar || !scalar.TryGetInt64(out var weight))
                {
                    return null;
                }

                stepWeights.Add(weight);
            }
        }

        // As Flagger's maxWeight(): the last of stepWeights (at most 100) when set, else maxWeight, else 100.
        var maxWeight = stepWeights is not null ? (int)Math.Clamp(stepWeights[^1], int.MinValue, TotalWeight)
            : analysis.MaxWeight is { } mw && mw.TryGetInt64(out var m) && m > 0 ? (int)Math.Min(m, int.MaxValue) : DefaultMaxWeight;

        // As Flagger's nextStepWeight(): a positive stepWeight is used even when stepWeights is set.
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

        // A first step of zero or less never moves the weight off 0.
        if (stepWeights is not null && stepWeights[0] > 0)
        {
            var weights = new List<int>();
            foreach (var weight in stepWeights)
            {
                weights.Add((int)Math.Min(weight, TotalWeight));
                if (weight >= maxWeight)
                {
                    break;
                }
            }

            return new RolloutSchedule(RolloutStrategy.StepWeights, interval, weights.Count, maxWeight, weights);
        }

        return new RolloutSchedule(RolloutStrategy.None, interval, 0, maxWeight, []);
    }
}
