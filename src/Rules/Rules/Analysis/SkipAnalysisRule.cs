using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1020: skipAnalysis promotes every release without looking at it.</summary>
public sealed class SkipAnalysisRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1020",
        "The analysis is skipped",
        "skipAnalysis is true: Flagger promotes every release as soon as its pods are ready, without running the metrics or webhooks",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "With spec.skipAnalysis set, Flagger copies the canary to the primary without shifting traffic or running the analysis. It is meant for emergencies; left on, every release goes straight to production.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource)?.SkipAnalysis is { } skip && skip.TryGetBool(out var skipped) && skipped)
        {
            context.Report(Rule, skip);
        }
    }
}
