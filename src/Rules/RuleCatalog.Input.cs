using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG0xxx.</summary>
    private static IEnumerable<AnalysisRule> InputRules() =>
    [
    ];
}
