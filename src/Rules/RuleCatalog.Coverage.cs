using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG4xxx.</summary>
    private static IEnumerable<AnalysisRule> CoverageRules() =>
    [
    ];
}
