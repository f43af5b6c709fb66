using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Commands;

/// <summary>
/// On a partial run (pre-commit passes a few files), a reference to an object outside the linted files proves
/// nothing: one info per such reference read as a contradiction ("does not exist ... not found in the linted files").
/// They become one notice per run; <c>--complete</c> (or <c>complete: true</c>) makes them real findings again.
/// </summary>
internal static class UnprovenReferences
{
    public static (AnalysisResult Result, string? Notice) Summarise(AnalysisResult result)
    {
        var unproven = result.Diagnostics.Where(d => d.IsUnproven).ToList();
        if (unproven.Count == 0)
        {
            return (result, null);
        }

        var byId = unproven.Where(d => !d.IsSuppressed).GroupBy(d => d.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}").ToList();
        var kept = result with { Diagnostics = [.. result.Diagnostics.Where(d => !d.IsUnproven)] };
        if (byId.Count == 0)
        {
            return (kept, null);
        }

        var count = unproven.Count(d => !d.IsSuppressed);
        var notice = $"{count} {(count == 1 ? "reference names an object" : "references name objects")} not in the linted files ({string.Join(", ", byId)}), not checked: pass --complete when the linted files are the whole application";
        return (kept, notice);
    }
}
