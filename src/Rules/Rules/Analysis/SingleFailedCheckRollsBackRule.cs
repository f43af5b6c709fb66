using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1011: with a threshold of 1 any single failed check, however spurious, rolls the canary back.</summary>
public sealed class SingleFailedCheckRollsBackRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1011",
        "A single failed check rolls the canary back",
        "{0}: a single failed check, even \"no values found\" from a metric query, rolls the canary back",
        RuleCategories.Analysis,
        DiagnosticSeverity.Info,
        "Flagger rolls back once the number of failed checks reaches threshold, and treats a threshold that is absent or not positive as 1. A metric query that returns no samples yet (a fresh canary, a scrape gap) fails the check, so one such gap ends the release.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        if (EffectiveThreshold(analysis) is { Threshold: <= 1 } threshold)
        {
            context.Report(Rule, threshold.At, threshold.Cause);
        }
    }
}
