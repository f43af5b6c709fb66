using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.Analysis;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG1013-CG1029.</summary>
    private static IEnumerable<AnalysisRule> CheckRules() =>
    [
        new AnalysisChecksNothingRule(),
    ];
}
