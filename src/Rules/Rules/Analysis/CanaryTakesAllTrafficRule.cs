using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1006: the last analysis runs with all traffic on the canary, so every user meets it before the decision.</summary>
public sealed class CanaryTakesAllTrafficRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1006",
        "The canary takes all traffic before the decision",
        "{0}: the last analysis runs with all traffic on the canary, so every user meets a bad release before Flagger decides",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger runs one more analysis once the canary's weight reaches maxWeight and promotes only after it passes. With a maximum of 100 (the default when maxWeight is not set, or a last step of 100) the primary gets no traffic during that interval, and no longer during the failed checks before a rollback. A/B testing and blue/green (iterations) route by design and are not judged here.",
        admissionMessageFormat: "{0}: the canary takes all traffic before Flagger decides");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        // A maxWeight above 100 never promotes (CG1004); several strategies at once are CG1002's.
        if (Schedule(context, canary, analysis) is not { Promotes: true } schedule
            || schedule.Strategy is not (RolloutStrategy.StepWeight or RolloutStrategy.StepWeights)
            || schedule.Weights[^1] < RolloutSchedule.TotalWeight
            || (analysis.StepWeight is not null && analysis.StepWeights is not null))
        {
            return;
        }

        if (schedule.Strategy == RolloutStrategy.StepWeights)
        {
            // The schedule stops at the first step that reaches the maximum: that step is the culprit.
            var lastStep = (ScalarNode)analysis.StepWeights!.Items[schedule.Weights.Count - 1];
            context.Report(Rule, lastStep, $"stepWeights reaches {lastStep.Value}");
        }
        else if (analysis.MaxWeight is not { } maxWeightNode)
        {
            context.Report(Rule, analysis.Node, "maxWeight is not set and defaults to 100");
        }
        else if (schedule.MaxWeight < RolloutSchedule.TotalWeight && analysis.StepWeight is { } stepNode)
        {
            // The last step overshoots maxWeight and the weight is clamped at 100, not at maxWeight.
            context.Report(Rule, stepNode, $"stepWeight ({stepNode.Value}) overshoots maxWeight ({schedule.MaxWeight}) up to 100");
        }
        else if (Integer(maxWeightNode) is { } written)
        {
            context.Report(Rule, maxWeightNode, written > 0 ? "maxWeight is 100" : $"maxWeight ({written}) falls back to the default of 100");
        }
    }
}
