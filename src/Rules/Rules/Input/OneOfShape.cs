using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>
/// Explains a failed <c>oneOf</c> in words. Flagger's CRDs write oneOf as alternatives of required fields
/// (<c>analysis</c>: interval, threshold and one of iterations/stepWeight/stepWeights), sometimes with a
/// <c>not anyOf</c> branch that also allows none of them (Istio's StringMatch).
/// </summary>
public static class OneOfShape
{
    public static string Explain(MappingNode node, IReadOnlyList<CrdSchema> branches, int matching)
    {
        var alternatives = branches.Where(b => b.Not is null).Select(b => b.Required).ToList();
        var allowsNone = branches.Any(b => b.Not is not null);
        var common = alternatives.Count == 0 ? [] : alternatives.Skip(1).Aggregate((IEnumerable<string>)alternatives[0], (all, next) => all.Intersect(next)).ToList();
        var choices = alternatives.SelectMany(a => a).Where(f => !common.Contains(f)).Distinct().ToList();
        var chosen = choices.Where(f => node[f] is { } v && v is not ScalarNode { IsNull: true }).ToList();
        var shape = (common.Count > 0 ? string.Join(", ", common) + " and " : string.Empty)
            + (allowsNone ? "at most" : "exactly") + " one of " + string.Join(", ", choices);

        return $"{SchemaValidator.DisplayPath(node)} must set {shape}, but {Reason(node, common, choices, chosen, matching)}";
    }

    private static string Reason(MappingNode node, List<string> common, List<string> choices, List<string> chosen, int matching)
    {
        if (matching > 1)
        {
            return SchemaValidator.JoinAnd(chosen) + (chosen.Count == 2 ? " are both set" : " are all set");
        }

        var missing = common.Where(f => node[f] is null or ScalarNode { IsNull: true }).ToList();
        if (missing.Count > 0)
        {
            return SchemaValidator.JoinAnd(missing) + (missing.Count == 1 ? " is missing" : " are missing");
        }

        return chosen.Count == 0
            ? $"none of {string.Join(", ", choices)} is set"
            : $"{SchemaValidator.JoinAnd(chosen)} does not have a shape the CRD accepts";
    }
}
