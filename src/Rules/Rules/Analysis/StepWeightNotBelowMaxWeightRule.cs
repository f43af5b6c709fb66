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
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis?.StepWeight is not { } stepNode || !stepNode.TryGetInt64(out var step) || step <= 0 || analysis.StepWeights is not null)
        {
            return;
        }

        var maxWeight = analysis.MaxWeight is { } m && m.TryGetInt64(out var written) ? written : RolloutSchedule.DefaultMaxWeight;
        if (step >= maxWeight && maxWeight > 0)
        {
            context.Report(Rule, stepNode, step, maxWeight);
        }
    }
}
