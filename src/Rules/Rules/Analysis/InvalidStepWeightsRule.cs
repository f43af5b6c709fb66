using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1003: a stepWeights entry that is not a weight, or not above the one before it.</summary>
public sealed class InvalidStepWeightsRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1003",
        "Invalid stepWeights",
        "stepWeights[{0}] ({1}) {2}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "Flagger moves the canary from one entry of stepWeights to the next by their difference. An entry that is not above the previous one makes that step zero or negative and the canary stops there; a first entry of zero or less never moves the weight; an entry above 100 is cut to 100.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        if (analysis.StepWeights is not { } steps || steps.Items.Any(item => Integer(item) is null))
        {
            return;
        }

        long? previous = null;
        for (var index = 0; index < steps.Count; index++)
        {
            var weight = Integer(steps.Items[index])!.Value;
            var problem = weight switch
            {
                <= 0 => "is not positive: a step of zero or less never moves the canary's weight",
                > RolloutSchedule.TotalWeight => "is above 100: the canary's weight stops at 100",
                _ when weight <= previous => $"is not above the previous step ({previous}): the step is zero or negative and the analysis stalls there",
                _ => null,
            };
            if (problem is not null)
            {
                context.Report(Rule, steps.Items[index], index, weight, problem);
            }

            previous = weight;
        }
    }
}
