using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Fixes;

/// <summary>The edits of one diagnostic's fix; they are applied all together or not at all.</summary>
public sealed record CodeFix(Diagnostic Diagnostic, string EquivalenceKey, IReadOnlyList<TextEdit> Edits);

/// <summary>A fix that was not applied, and why.</summary>
public sealed record DroppedFix(CodeFix Fix, string Reason);

/// <summary>A file a fix run changes (or creates): its text before and after.</summary>
public sealed record FixedFile(string Path, string Original, string Fixed, bool IsNew);

public sealed record FixResult(IReadOnlyList<FixedFile> Files, IReadOnlyList<CodeFix> Applied, IReadOnlyList<DroppedFix> Dropped);

public sealed record FixOptions
{
    /// <summary>Only these rule ids (<c>--fix-only</c>); empty for every fixable rule.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    public bool Inline { get; init; }
}

/// <summary>
/// Computes the fixes of a run's diagnostics and applies them to the original texts: edits bottom-up, so earlier
/// offsets stay valid; a fix whose edits overlap an already accepted one is dropped and reported; identical edits
/// (two findings asking for the same label) are made once.
/// </summary>
public sealed class CodeFixer(IReadOnlyList<CodeFixProvider> providers)
{
    public static CodeFixer CreateDefault() => new(CodeFixCatalog.All);

    /// <param name="readFile">A file's text, or null when it does not exist.</param>
    public FixResult Fix(IEnumerable<Diagnostic> diagnostics, Func<string, string?> readFile, Func<string, CanaryGuardPolicy> policyFor, FixOptions options)
    {
        var texts = new Dictionary<string, SourceText>(StringComparer.Ordinal);
        var existing = new Dictionary<string, bool>(StringComparer.Ordinal);
        SourceText TextOf(string path)
        {
            if (!texts.TryGetValue(path, out var source))
            {
                var text = readFile(path);
                existing[path] = text is not null;
                source = texts[path] = new SourceText(text ?? string.Empty);
            }

            return source;
        }

        var fixes = new List<CodeFix>();
        var fixable = diagnostics.Where(d => d.File != "-" && d.Span is not null && d.Path.Length > 0
            && (options.Only.Count == 0 || options.Only.Contains(d.Id))
            && providers.Any(p => p.FixableDiagnosticIds.Contains(d.Id)));
        foreach (var group in fixable.GroupBy(d => d.File, StringComparer.Ordinal))
        {
            var source = TextOf(group.Key);
            var parsed = YamlManifestReader.Read(group.Key, source.Text);
            if (parsed.Problems.Count > 0)
            {
                continue;
            }

            var edits = new YamlEdits(group.Key, source);
            foreach (var diagnostic in group)
            {
                foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    if (Locate(parsed, diagnostic) is not { } located)
                    {
                        continue;
                    }

                    var context = new FixContext
                    {
                        Diagnostic = diagnostic,
                        Chain = located.Chain,
                        Resource = located.Resource,
                        Edits = edits,
                        Policy = policyFor(group.Key),
                        Inline = options.Inline,
                        TextOf = TextOf,
                    };
                    var fixEdits = provider.ComputeEdits(context).ToList();
                    if (fixEdits.Count > 0)
                    {
                        fixes.Add(new CodeFix(diagnostic, provider.EquivalenceKey, fixEdits));
                    }
                }
            }
        }

        var (accepted, dropped) = Accept(fixes);
        var files = accepted.SelectMany(f => f.Edits).Distinct().GroupBy(e => e.File, StringComparer.Ordinal)
            .Select(g => new FixedFile(g.Key, texts[g.Key].Text, Apply(texts[g.Key].Text, g), !existing[g.Key]))
            .Where(f => f.Fixed != f.Original)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return new FixResult(files, accepted, dropped);
    }

    /// <summary>Applies non-overlapping edits of one file, last first; insertions at one point keep their given order.</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var ordered = edits.Select((edit, index) => (edit, index)).OrderByDescending(e => e.edit.Start).ThenByDescending(e => e.index);
        var builder = new System.Text.StringBuilder(text);
        foreach (var (edit, _) in ordered)
        {
            builder.Remove(edit.Start, edit.End - edit.Start).Insert(edit.Start, edit.NewText);
        }

        return builder.ToString();
    }

    private static (List<CodeFix> Accepted, List<DroppedFix> Dropped) Accept(List<CodeFix> fixes)
    {
        var accepted = new List<CodeFix>();
        var dropped = new List<DroppedFix>();
        var taken = new List<(TextEdit Edit, CodeFix Fix)>();
        foreach (var fix in fixes)
        {
            if (fix.Edits.Where((edit, i) => fix.Edits.Skip(i + 1).Any(edit.Overlaps)).Any())
            {
                dropped.Add(new DroppedFix(fix, "its own edits overlap"));
                continue;
            }

            var clash = fix.Edits
                .SelectMany(edit => taken.Where(t => t.Edit != edit && t.Edit.Overlaps(edit) && !IsAppend(t.Edit, t.Fix, edit, fix)))
                .Select(t => t.Fix)
                .FirstOrDefault();
            if (clash is not null)
            {
                dropped.Add(new DroppedFix(fix, $"its edits overlap those of the {clash.Diagnostic.Id} fix at {clash.Diagnostic.Span}"));
                continue;
            }

            accepted.Add(fix);
            taken.AddRange(fix.Edits.Select(edit => (edit, fix)));
        }

        return (accepted, dropped);
    }

    /// <summary>Two insertions at one point by the same kind of fix (new documents at a file's end) go one after the other.</summary>
    private static bool IsAppend(TextEdit a, CodeFix aFix, TextEdit b, CodeFix bFix) =>
        a.Start == a.End && b.Start == b.End && a.Start == b.Start && aFix.EquivalenceKey == bFix.EquivalenceKey;

    private static (IReadOnlyList<ManifestNode> Chain, KubernetesResource Resource)? Locate(ManifestFile file, Diagnostic diagnostic)
    {
        foreach (var document in file.Documents)
        {
            if (document.Root is not MappingNode root || NodePath.Resolve(root, diagnostic.Path) is not { } chain || chain[^1].Location != diagnostic.Span)
            {
                continue;
            }

            var resource = KubernetesResource.FromRoot(file, root).FirstOrDefault(r => chain.Contains(r.Root));
            if (resource is not null)
            {
                return (chain, resource);
            }
        }

        return null;
    }
}
