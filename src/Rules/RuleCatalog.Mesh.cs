using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG3xxx.</summary>
    private static IEnumerable<AnalysisRule> MeshRules() =>
    [
    ];
}
