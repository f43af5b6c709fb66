using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.Input;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG0xxx.</summary>
    private static IEnumerable<AnalysisRule> InputRules() =>
    [
        new DuplicateKeyRule(),
        new UnknownFieldRule(),
        new RejectedValueRule(),
        new DeprecatedFieldRule(),
        new DuplicateObjectRule(),
    ];
}
