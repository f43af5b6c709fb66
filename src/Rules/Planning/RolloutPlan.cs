using CanaryGuard.Rules.Analysis;

namespace CanaryGuard.Rules.Planning;

/// <summary>One scheduler tick of Flagger's control loop for a Canary: what it checks and what it does.</summary>
/// <param name="Index">0 is the tick that detects the new revision.</param>
/// <param name="Offset">Time since the new revision was detected.</param>
/// <param name="CanaryWeight">The share of traffic (percent) the canary serves after this tick.</param>
/// <param name="Mirrored">Whether traffic is mirrored to the canary after this tick (responses discarded).</param>
/// <param name="Analysis">Whether this tick runs the analysis (rollout webhooks and metrics).</param>
/// <param name="Checks">What gates this tick: pre-rollout hooks, metrics, rollout webhooks.</param>
/// <param name="Action">What Flagger does at the end of the tick.</param>
public sealed record PlanTick(int Index, TimeSpan Offset, int CanaryWeight, bool Mirrored, bool Analysis, IReadOnlyList<string> Checks, string Action);

/// <summary>How a canary that fails every check fares: when it is rolled back and how much traffic it served first.</summary>
/// <param name="Detected">False when nothing can fail: the bad canary is promoted.</param>
/// <param name="TimeToRollback">From the new revision's detection to the rollback (or promotion when undetected).</param>
/// <param name="ExposedWeight">The traffic share (percent) the bad canary serves while it is being found out.</param>
/// <param name="TrafficMinutesExposed">Weight x time: minutes of all users' traffic served by the bad canary.</param>
public sealed record FailingCanaryOutcome(bool Detected, TimeSpan TimeToRollback, int ExposedWeight, double TrafficMinutesExposed, IReadOnlyList<PlanTick> Ticks);

/// <summary>The rollout Flagger will run for one Canary, healthy and failing.</summary>
public sealed record RolloutPlan(
    string Canary,
    string File,
    RolloutStrategy Strategy,
    string Provider,
    TimeSpan Interval,
    int Threshold,
    int Analyses,
    TimeSpan MinimumAnalysisTime,
    TimeSpan TimeToPromotion,
    bool Promotes,
    IReadOnlyList<PlanTick> Ticks,
    FailingCanaryOutcome Failing,
    IReadOnlyList<string> Notes);
