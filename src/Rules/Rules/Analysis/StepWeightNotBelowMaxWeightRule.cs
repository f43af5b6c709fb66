using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1005: a stepWeight at or above maxWeight promotes after one analysis.</summary>
public sealed class StepWeightNotBelowMaxWeightRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1005",
        "stepWeight is not below maxWeight",
        "stepWeight ({0}) is not below maxWeight ({1}): the canary is promoted after a single analysis",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger promotes as soon as the canary's weight reaches maxWeight. When the first step already reaches it, one passing analysis decides the release.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource)?.Analysis is { } analysis && FirstStepReachesMaxWeight(analysis, out var step, out var maxWeight))
        {
            context.Report(Rule, analysis.StepWeight!, step, maxWeight);
        }
    }

    /// <summary>Whether the first stepWeight step already reaches maxWeight, so one analysis decides the release.</summary>
    internal static bool FirstStepReachesMaxWeight(AnalysisView analysis, out long step, out long maxWeight)
    {
        maxWeight = analysis.MaxWeight is { } m && m.TryGetInt64(out var written) ? written : RolloutSchedule.DefaultMaxWeight;
        step = 0;
        return analysis.StepWeight is { } stepNode && stepNode.TryGetInt64(out step) && step > 0 && analysis.StepWeights is null
            && step >= maxWeight && maxWeight > 0;
    }
}
