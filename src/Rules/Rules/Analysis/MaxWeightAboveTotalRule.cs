using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1004: a maxWeight above 100 can never be reached, so the canary is never promoted.</summary>
public sealed class MaxWeightAboveTotalRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1004",
        "maxWeight is above 100",
        "maxWeight ({0}) is above 100: the canary's weight stops at 100, never reaches maxWeight, and the canary is never promoted",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "Flagger clamps the canary's weight at 100 and promotes only once the weight reaches maxWeight. Above 100 that never happens: the canary keeps all traffic and the analysis runs until a check fails or the canary is replaced.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        // Only a stepWeight schedule reads maxWeight; with stepWeights it is ignored (CG1007).
        if (Schedule(context, canary, analysis) is { Strategy: RolloutStrategy.StepWeight, Promotes: false } schedule
            && analysis.StepWeights is not { Count: > 0 } && analysis.MaxWeight is { } maxWeightNode)
        {
            context.Report(Rule, maxWeightNode, schedule.MaxWeight);
        }
    }
}
