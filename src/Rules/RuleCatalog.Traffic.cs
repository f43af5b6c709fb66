using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.Analysis;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG1001-CG1012.</summary>
    private static IEnumerable<AnalysisRule> TrafficRules() =>
    [
        new AnalysisNeverProgressesRule(),
        new AmbiguousStrategyRule(),
        new InvalidStepWeightsRule(),
        new MaxWeightAboveTotalRule(),
        new StepWeightNotBelowMaxWeightRule(),
        new CanaryTakesAllTrafficRule(),
        new MaxWeightIgnoredRule(),
        new PromotesTooFastRule(),
        new RolloutTooSlowRule(),
        new IntervalBelowFloorRule(),
        new SingleFailedCheckRollsBackRule(),
        new SlowRollbackRule(),
    ];
}
