using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.Coverage;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG4xxx.</summary>
    private static IEnumerable<AnalysisRule> CoverageRules() =>
    [
        new CanaryMissingRule(),
        new NonStringLabelValueRule(),
    ];
}
