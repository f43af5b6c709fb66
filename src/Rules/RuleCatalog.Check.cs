using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.Analysis;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG1013-CG1029.</summary>
    private static IEnumerable<AnalysisRule> CheckRules() =>
    [
        new AnalysisChecksNothingRule(),
        new NoMetricsRule(),
        new MetricThresholdUnusableRule(),
        new BuiltinMetricUnitMismatchRule(),
        new UnresolvableMetricRule(),
        new BuiltinMetricWithCustomQueryRule(),
        new MetricWindowTooShortRule(),
        new SkipAnalysisRule(),
        new NoTrafficGeneratorRule(),
        new RolloutWebhooksExceedIntervalRule(),
        new WebhookDefeatsItsTypeRule(),
        new MatchWithoutABTestRule(),
        new ProviderFeatureMismatchRule(),
        new ReadyThresholdRule(),
        new ProgressDeadlineTooShortRule(),
        new AlertWithoutSeverityRule(),
        new RequiredMetricMissingRule(),
        new UncheckedCurlTestRule(),
        new TestAimedAtPrimaryRule(),
    ];
}
