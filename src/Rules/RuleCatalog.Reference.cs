using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.References;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG2xxx.</summary>
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
    ];
}
