using System.Globalization;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1027: a progress deadline shorter than two analysis intervals rolls back merely slow starts.</summary>
public sealed class ProgressDeadlineTooShortRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1027",
        "progressDeadlineSeconds shorter than two intervals",
        "progressDeadlineSeconds ({0}) is shorter than two analysis intervals (2 x {1} = {2}): Flagger checks readiness once per interval, so a canary still starting at the next check is rolled back as stuck",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger looks at the canary's readiness once per analysis interval and rolls back when the progress deadline has passed. A deadline shorter than two intervals leaves a single check between the start of a rollout and the rollback of a canary that only starts slowly.");

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
