using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Rules;

/// <summary>
/// Every rule CanaryGuard ships, ordered by id. Listed by hand rather than found by reflection so the rule set
/// stays trim- and AOT-safe; tests check this list against the docs pages, the release tracking files and the
/// README. Each area keeps its list in its own partial file.
/// </summary>
public static partial class RuleCatalog
{
    public static IReadOnlyList<AnalysisRule> All { get; } =
        [.. InputRules().Concat(TrafficRules()).Concat(CheckRules()).Concat(ReferenceRules()).Concat(MeshRules()).Concat(CoverageRules())
            .OrderBy(r => r.SupportedDiagnostics[0].Id, StringComparer.Ordinal)];
}
