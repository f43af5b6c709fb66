using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1008: fewer analyses, or less analysis time, than the policy asks for before promotion.</summary>
public sealed class PromotesTooFastRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1008",
        "The canary is promoted too fast",
        "the canary is promoted after {0} in {1}, below the policy's minimum of {2}: a bad release can pass before enough traffic is measured",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger promotes after one analysis per step (or per iteration), one interval each, the interval never below 10s. Few or short analyses see little traffic: a regression that shows only under load or after a while passes. The minimums are the policy's analysis.minAnalyses and analysis.minAnalysisTime.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        var policy = context.Policy.Analysis;

        // A first step that reaches maxWeight promotes after one analysis: CG1005 says so at the stepWeight.
        if (Schedule(context, canary, analysis) is not { Promotes: true } schedule
            || StepWeightNotBelowMaxWeightRule.FirstStepReachesMaxWeight(analysis, out _, out _))
        {
            return;
        }

        var minimums = new List<string>(2);
        if (schedule.Analyses < policy.MinAnalyses)
        {
            minimums.Add(Analyses(policy.MinAnalyses));
        }

        if (schedule.TimeToPromotion < policy.MinAnalysisTime)
        {
            minimums.Add(GoDuration.Format(policy.MinAnalysisTime));
        }

        if (minimums.Count > 0)
        {
            context.Report(
                Rule,
                StrategyNode(analysis, schedule),
                Analyses(schedule.Analyses),
                GoDuration.Format(schedule.TimeToPromotion),
                string.Join(" and ", minimums));
        }
    }
}
