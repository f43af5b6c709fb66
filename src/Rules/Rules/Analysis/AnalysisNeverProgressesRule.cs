using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1001: no strategy moves the canary's weight off zero, so the analysis never ends.</summary>
public sealed class AnalysisNeverProgressesRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1001",
        "The analysis never progresses",
        "{0}: the canary never gets traffic, so the analysis never progresses and the release is never promoted",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "Flagger advances a canary only by a positive stepWeight, a non-empty stepWeights list or a positive number of iterations. With none of them each interval only reruns the pre-rollout webhooks: the canary stays at weight 0 for ever.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        if (!StrategyFieldsWellTyped(analysis) || Schedule(context, canary, analysis) is not { Strategy: RolloutStrategy.None })
        {
            return;
        }

        // A stepWeights list whose first step is not positive also stalls; CG1003 reports it at that step.
        if (analysis.StepWeights is { Count: 0 } emptySteps)
        {
            context.Report(Rule, emptySteps, "stepWeights is empty");
        }
        else if (analysis.StepWeights is null && analysis.StepWeight is { } stepNode)
        {
            context.Report(Rule, stepNode, "stepWeight is " + stepNode.Value);
        }
        else if (analysis.StepWeights is null && analysis.StepWeight is null && analysis.Iterations is { } iterationsNode)
        {
            context.Report(Rule, iterationsNode, $"iterations is {iterationsNode.Value} and neither stepWeight nor stepWeights is set");
        }
    }
}
