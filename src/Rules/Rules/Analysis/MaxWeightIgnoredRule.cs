using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1007: with stepWeights the last step is the maximum weight; maxWeight is not read.</summary>
public sealed class MaxWeightIgnoredRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1007",
        "maxWeight is ignored when stepWeights is set",
        "maxWeight ({0}) is ignored because stepWeights is set: the canary is promoted once its weight reaches the last step ({1})",
        RuleCategories.Analysis,
        DiagnosticSeverity.Info,
        "When stepWeights is set Flagger takes the maximum weight from its last entry (at most 100) and never reads maxWeight. A maxWeight next to stepWeights suggests a limit that does not apply.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        if (analysis.MaxWeight is { } maxWeightNode && Integer(maxWeightNode) is { } maxWeight
            && analysis.StepWeights is { Count: > 0 } steps && Integer(steps.Items[^1]) is { } lastStep)
        {
            context.Report(Rule, maxWeightNode, maxWeight, Math.Min(lastStep, RolloutSchedule.TotalWeight));
        }
    }
}
