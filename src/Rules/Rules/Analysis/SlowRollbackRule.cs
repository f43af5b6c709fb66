using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1012: threshold x interval exceeds the policy's maximum time to roll a bad canary back.</summary>
public sealed class SlowRollbackRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1012",
        "The rollback is too slow",
        "a failing canary is rolled back only after {0} failed checks of {1} each ({2}), above the policy's maximum of {3}: the bad canary keeps its traffic meanwhile",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger counts one failed check per interval (never below 10s) and rolls back when the count reaches threshold. Until then the canary keeps its current weight, so users keep meeting the bad release. The maximum is the policy's analysis.maxTimeToRollback.",
        admissionMessageFormat: "a failing canary is rolled back only after {2}, above the policy's maximum of {3}");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        var maxTimeToRollback = context.Policy.Analysis.MaxTimeToRollback;
        if (EffectiveThreshold(analysis) is not { } threshold || Schedule(context, canary, analysis) is not { } schedule)
        {
            return;
        }

        var timeToRollback = schedule.Interval * threshold.Threshold;
        if (timeToRollback > maxTimeToRollback)
        {
            context.Report(
                Rule,
                threshold.At,
                threshold.Threshold,
                GoDuration.Format(schedule.Interval),
                GoDuration.Format(timeToRollback),
                GoDuration.Format(maxTimeToRollback));
        }
    }
}
