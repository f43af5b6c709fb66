using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG2xxx.</summary>
    private static IEnumerable<AnalysisRule> ReferenceRules() =>
    [
    ];
}
