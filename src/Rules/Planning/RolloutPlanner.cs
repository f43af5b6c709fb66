using System.Globalization;
using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Planning;

/// <summary>
/// Computes what Flagger v1.44's scheduler will do with a Canary, tick by tick, by replaying its control loop
/// (pkg/controller/scheduler.go): detection, pre-rollout hooks at weight 0, one analysis per interval while
/// the weight rises (or iterations count up), the mirror step, promotion, the promotion traffic shift and
/// finalisation. The same replay with every check failing gives the time to rollback and the exposure.
/// </summary>
public static class RolloutPlanner
{
    private const int TotalWeight = RolloutSchedule.TotalWeight;

    /// <summary>Bounds the replay of a Canary that can never promote (maxWeight over 100).</summary>
    private const int MaxTicks = 1_000;

    public static RolloutPlan? Plan(KubernetesResource resource, CanaryGuardPolicy policy)
    {
        var canary = CanaryView.From(resource);
        if (canary?.Analysis is not { } analysis)
        {
            return null;
        }

        var settings = Settings.Read(canary, analysis, policy);
        var healthy = Replay(settings, failEveryCheck: false);
        var failing = Replay(settings, failEveryCheck: true);
        var analyses = healthy.Ticks.Count(t => t.Analysis);
        var promotionTick = healthy.Ticks.FirstOrDefault(t => t.Action.StartsWith("promote", StringComparison.Ordinal));

        // In a healthy run the analyses are consecutive ticks: one interval each.
        var analysisTime = settings.Interval * analyses;
        var exposedWeight = failing.Ticks.Where(t => t.Index > 0).Select(t => t.CanaryWeight).DefaultIfEmpty(0).Max();
        var trafficMinutes = failing.Ticks.Zip(failing.Ticks.Skip(1), (tick, next) => tick.CanaryWeight / 100.0 * (next.Offset - tick.Offset).TotalMinutes).Sum();
        var failingOutcome = new FailingCanaryOutcome(
            failing.RolledBack,
            failing.Ticks[^1].Offset,
            exposedWeight,
            Math.Round(trafficMinutes, 2),
            failing.Ticks);
        return new RolloutPlan(
            resource.DisplayName,
            resource.File.Path,
            settings.Strategy,
            settings.Provider,
            settings.Interval,
            settings.Threshold,
            analyses,
            analysisTime,
            promotionTick?.Offset ?? TimeSpan.Zero,
            promotionTick is not null,
            healthy.Ticks,
            failingOutcome,
            settings.Notes);
    }

    private const string PreRolloutChecks = "pre-rollout webhooks";

    private static (IReadOnlyList<PlanTick> Ticks, bool RolledBack) Replay(Settings s, bool failEveryCheck)
    {
        var ticks = new List<PlanTick> { new(0, TimeSpan.Zero, 0, false, false, s.ConfirmRollout ? ["confirm-rollout webhooks"] : [], "new revision detected: scale up the canary") };
        int weight = 0, iterations = 0, failedChecks = 0;
        var mirrored = false;
        var phase = "progressing";
        var canFail = s.Checks.Count > 0;
        for (var index = 1; index <= MaxTicks; index++)
        {
            var offset = s.Interval * index;
            var analysed = false;
            void Add(IReadOnlyList<string> checks, string action) => ticks.Add(new PlanTick(index, offset, weight, mirrored, analysed, checks, action));

            if (phase == "promoting")
            {
                if (s.Provider == "kubernetes" || s.StepWeightPromotion <= 0)
                {
                    weight = 0;
                    phase = "finalising";
                    Add([], "route all traffic to the primary");
                }
                else
                {
                    var primaryWeight = Math.Min(TotalWeight, TotalWeight - weight + s.StepWeightPromotion);
                    weight = Math.Max(0, weight - s.StepWeightPromotion);
                    phase = primaryWeight == TotalWeight ? "finalising" : phase;
                    Add([], $"shift the primary to {primaryWeight}%");
                }

                continue;
            }

            if (phase == "finalising")
            {
                Add([], "scale the canary to zero: promotion finished");
                return (ticks, false);
            }

            if (s.SkipAnalysis)
            {
                weight = 0;
                Add([], "promote without analysis (skipAnalysis: true)");
                return (ticks, false);
            }

            if (failedChecks >= s.Threshold)
            {
                weight = 0;
                mirrored = false;
                Add([], $"roll back: {failedChecks} failed checks reached the threshold of {s.Threshold}");
                return (ticks, true);
            }

            // Flagger runs the pre-rollout hooks on the first tick, before the canary gets traffic; every later
            // tick runs the analysis (rollout webhooks and metrics) before it moves anything.
            var starting = weight == 0 && iterations == 0 && !(s.Mirror && mirrored);
            IReadOnlyList<string> checks = starting ? (s.PreRollout ? [PreRolloutChecks] : []) : s.Checks;
            analysed = !starting;
            if (failEveryCheck && analysed && canFail)
            {
                failedChecks++;
                Add(checks, $"checks fail ({failedChecks}/{s.Threshold}): hold the weight");
                continue;
            }

            string action;
            if (s.Strategy == RolloutStrategy.Iterations)
            {
                (action, phase) = NextIteration(s, ref iterations, ref weight, ref mirrored);
            }
            else if (s.Strategy == RolloutStrategy.None)
            {
                Add(checks, "no strategy: the weight never moves");
                return (ticks, false);
            }
            else if (weight < s.MaxWeight)
            {
                var step = s.NextStep(weight);
                if (s.Mirror && weight == 0 && !mirrored)
                {
                    mirrored = true;
                    action = "mirror traffic to the canary";
                }
                else
                {
                    mirrored = false;
                    weight = Math.Min(TotalWeight, weight + step);
                    action = $"advance the canary to {weight}%";
                }
            }
            else
            {
                phase = "promoting";
                action = s.ConfirmPromotion ? "promote (after confirm-promotion webhooks): copy the canary spec to the primary" : "promote: copy the canary spec to the primary";
            }

            Add(checks, action);
        }

        return (ticks, false);
    }

    /// <summary>A/B testing (match) and blue/green (no match) count iterations instead of raising a weight.</summary>
    private static (string Action, string Phase) NextIteration(Settings s, ref int iterations, ref int weight, ref bool mirrored)
    {
        if (s.IsABTest)
        {
            if (s.Iterations > iterations)
            {
                iterations++;
                weight = TotalWeight;
                return ($"iteration {iterations}/{s.Iterations}: route matched traffic to the canary", "progressing");
            }

            return ("promote: copy the canary spec to the primary", "promoting");
        }

        if (s.Iterations > iterations)
        {
            iterations++;
            mirrored = s.Mirror && s.Provider != "kubernetes";
            return ($"iteration {iterations}/{s.Iterations}{(mirrored ? " (mirrored traffic)" : string.Empty)}", "progressing");
        }

        if (s.Iterations == iterations)
        {
            iterations++;
            mirrored = false;
            weight = s.Provider == "kubernetes" ? weight : TotalWeight;
            return (s.Provider == "kubernetes" ? "analysis complete" : "route all traffic to the canary", "progressing");
        }

        return ("promote: copy the canary spec to the primary", "promoting");
    }

    /// <summary>The Canary's fields as Flagger reads them, defaults and provider rules applied.</summary>
    private sealed record Settings
    {
        public required RolloutStrategy Strategy { get; init; }

        public required string Provider { get; init; }

        public required TimeSpan Interval { get; init; }

        public required int Threshold { get; init; }

        public required int MaxWeight { get; init; }

        public required int StepWeight { get; init; }

        public required IReadOnlyList<int> StepWeights { get; init; }

        public required int StepWeightPromotion { get; init; }

        public required int Iterations { get; init; }

        public required bool IsABTest { get; init; }

        public required bool Mirror { get; init; }

        public required bool SkipAnalysis { get; init; }

        public required bool PreRollout { get; init; }

        public required bool ConfirmRollout { get; init; }

        public required bool ConfirmPromotion { get; init; }

        public required IReadOnlyList<string> Checks { get; init; }

        public required IReadOnlyList<string> Notes { get; init; }

        /// <summary>Flagger's nextStepWeight: the stepWeight, or the gap to the next entry of stepWeights.</summary>
        public int NextStep(int weight)
        {
            if (StepWeights.Count == 0)
            {
                return StepWeight;
            }

            foreach (var next in StepWeights)
            {
                if (next > weight)
                {
                    return next - weight;
                }
            }

            return 0;
        }

        public static Settings Read(CanaryView canary, AnalysisView analysis, CanaryGuardPolicy policy)
        {
            var notes = new List<string>();
            var provider = canary.EffectiveProvider(policy.MeshProvider);
            var schedule = RolloutSchedule.From(analysis, provider);
            var isABTest = analysis.Match is { Count: > 0 };
            if (provider == "kubernetes")
            {
                if (isABTest)
                {
                    notes.Add("the kubernetes provider drops match: no A/B test");
                    isABTest = false;
                }

                if (analysis.Iterations is null)
                {
                    notes.Add($"the kubernetes provider cannot shift traffic: Flagger sets iterations to {RolloutSchedule.KubernetesProviderIterations} (blue/green)");
                }
            }

            var webhooks = analysis.Webhooks;
            var checks = analysis.Metrics.Select(m => "metric " + (m.Name ?? "(unnamed)"))
                .Concat(webhooks.Where(w => w.Type == "rollout").Select(w => "webhook " + (w.Name ?? "(unnamed)")))
                .ToList();
            var threshold = Int(analysis.Threshold);
            if (analysis.IntervalDuration is { } written && written < RolloutSchedule.IntervalFloor)
            {
                notes.Add($"interval {GoDuration.Format(written)} is raised to Flagger's floor of 10s");
            }

            return new Settings
            {
                Strategy = schedule?.Strategy ?? RolloutStrategy.None,
                Provider = provider,
                Interval = schedule?.Interval ?? RolloutSchedule.IntervalFloor,
                Threshold = RolloutSchedule.EffectiveThreshold(threshold),
                MaxWeight = schedule?.MaxWeight ?? RolloutSchedule.DefaultMaxWeight,
                StepWeight = Int(analysis.StepWeight),
                StepWeights = schedule?.Strategy == RolloutStrategy.StepWeights ? schedule.Weights : [],
                StepWeightPromotion = Int(analysis.StepWeightPromotion),
                Iterations = schedule?.Iterations ?? 0,
                IsABTest = isABTest,
                Mirror = Bool(analysis.Mirror),
                SkipAnalysis = Bool(canary.SkipAnalysis),
                PreRollout = webhooks.Any(w => w.Type == "pre-rollout"),
                ConfirmRollout = webhooks.Any(w => w.Type == "confirm-rollout"),
                ConfirmPromotion = webhooks.Any(w => w.Type == "confirm-promotion"),
                Checks = checks,
                Notes = notes,
            };
        }

        private static int Int(ScalarNode? node) =>
            node is not null && node.TryGetInt64(out var value) ? (int)Math.Clamp(value, int.MinValue, int.MaxValue) : 0;

        private static bool Bool(ScalarNode? node) => node is not null && node.TryGetBool(out var value) && value;
    }

    /// <summary>Formats a duration for plan output (Go's style).</summary>
    public static string Format(TimeSpan duration) => GoDuration.Format(duration);

    /// <summary>A percentage for plan output.</summary>
    public static string Percent(int weight) => weight.ToString(CultureInfo.InvariantCulture) + "%";
}
