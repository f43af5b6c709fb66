using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1010: Flagger silently raises an interval below 10s to 10s.</summary>
public sealed class IntervalBelowFloorRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1010",
        "The interval is below Flagger's 10s floor",
        "interval ({0}) is below Flagger's 10s floor: Flagger silently runs the analysis every 10s instead",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger never schedules an analysis more often than every 10 seconds and raises a shorter interval without a warning. The rollout then takes longer than the manifest suggests, and webhook timeouts or metric windows sized for the shorter interval do not match.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        if (analysis.IntervalDuration < RolloutSchedule.IntervalFloor)
        {
            context.Report(Rule, analysis.Interval!, analysis.Interval!.Value);
        }
    }
}
