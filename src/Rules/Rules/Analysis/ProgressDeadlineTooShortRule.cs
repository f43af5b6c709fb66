using System.Globalization;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// CG1027: Flagger measures the progress deadline from the canary Deployment's Available=False condition, but
/// only looks once per interval: a deadline shorter than two intervals rolls back merely slow starts.
/// </summary>
public sealed class ProgressDeadlineTooShortRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1027",
        "progressDeadlineSeconds shorter than two intervals",
        "progressDeadlineSeconds ({0}) is shorter than two analysis intervals (2 x {1} = {2}): Flagger measures the deadline from the moment the canary Deployment became unavailable (its Available=False condition) and notices only once per interval, so a canary still starting when Flagger next looks is rolled back as stuck",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger measures the progress deadline from the lastUpdateTime of the canary Deployment's Available=False (MinimumReplicasUnavailable) condition, which the rollout sets when it starts; the interval only decides when Flagger looks. A deadline shorter than two intervals leaves at most one look between the start of a rollout and the rollback of a canary that only starts slowly.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var canary = CanaryView.From(context.Resource);
        if (canary?.ProgressDeadlineSeconds is not { } deadlineNode || !deadlineNode.TryGetDouble(out var seconds)
            || canary.Analysis is not { } analysis || AnalysisFacts.EffectiveInterval(analysis) is not { } interval)
        {
            return;
        }

        var twoIntervals = 2 * interval;
        if (seconds < twoIntervals.TotalSeconds)
        {
            context.Report(Rule, deadlineNode, deadlineNode.Display, GoDuration.Format(interval), GoDuration.Format(twoIntervals));
        }
    }
}
