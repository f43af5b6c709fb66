using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1009: the time to promotion exceeds the policy's maximum rollout time.</summary>
public sealed class RolloutTooSlowRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1009",
        "The rollout is too slow",
        "the canary is promoted after {0} in {1}, above the policy's maximum rollout time of {2}: every release, urgent fixes included, takes that long to reach all users",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger needs one interval per analysis before it promotes. Many small steps or a long interval make each release wait, and a fix for a bad primary waits just as long. The maximum is the policy's analysis.maxRolloutTime.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        var maxRolloutTime = context.Policy.Analysis.MaxRolloutTime;
        if (Schedule(context, canary, analysis) is { Promotes: true } schedule && schedule.TimeToPromotion > maxRolloutTime)
        {
            context.Report(
                Rule,
                StrategyNode(analysis, schedule),
                Analyses(schedule.Analyses),
                GoDuration.Format(schedule.TimeToPromotion),
                GoDuration.Format(maxRolloutTime));
        }
    }
}
