using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.References;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG2xxx, and CG5010 (a static metric check beside the live ones, CG5001-CG5009).</summary>
    private static IEnumerable<AnalysisRule> ReferenceRules() =>
    [
        new TargetNotFoundRule(),
        new SelectorLabelMissingRule(),
        new SelectorLabelCollisionRule(),
        new MissingReadinessProbeRule(),
        new ReplicasWithAutoscalerRule(),
        new AutoscalerWiringRule(),
        new GeneratedNameCollisionRule(),
        new PortMismatchRule(),
        new DuplicateCanaryTargetRule(),
        new MetricTemplateNotFoundRule(),
        new MetricProviderIncompleteRule(),
        new MetricQueryShapeRule(),
        new UnrunnableMetricQueryRule(),
        new LiteralRegexMatcherRule(),
        new ConstantMetricQueryRule(),
        new MisreadMetricQueryRule(),
        new RemovedApiVersionRule(),
        new MetricMeasuresSomethingElseRule(),
    ];
}
