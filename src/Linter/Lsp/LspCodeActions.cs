using CanaryGuard.Linter.Lsp.Protocol;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Suppressions;

namespace CanaryGuard.Linter.Lsp;

/// <summary>
/// The code actions of a range: each code fix of each finding there (computed by the same <see cref="CodeFixer"/>
/// as <c>lint --fix</c>), the two suppressions of each finding, and the source action that applies every fix of
/// the file. New objects (CG4001's Canary) go into the same file, as <c>--fix-inline</c> writes them.
/// </summary>
internal sealed class LspCodeActions(PositionEncodingKind encoding, Func<string, string> uriOf)
{
    public const string FixAllTitle = "Fix all CanaryGuard findings in this file";

    public IReadOnlyList<CodeAction> For(LspAnalysis analysis, OpenDocument document, LspRange range, CodeActionContext context)
    {
        var positions = new TextPositions(document.Text, encoding);
        var findings = analysis.Of(document.Path);
        var sent = context.Diagnostics ?? [];
        var here = findings.Where(d => sent.Any(s => DiagnosticConverter.Matches(s, d, positions))
            || Overlaps(DiagnosticConverter.RangeOf(d, positions), range)).ToList();
        string? Read(string path) => analysis.Snapshot.ReadText(Path.GetFullPath(path));
        var actions = new List<CodeAction>();
        if (Wants(context.Only, CodeActionKinds.QuickFix))
        {
            foreach (var diagnostic in here)
            {
                var lsp = DiagnosticConverter.ToLsp(diagnostic, positions);
                var fixes = CodeFixCatalog.All.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id))
                    .Select(provider => (provider, Result: new CodeFixer([provider]).Fix([diagnostic], Read, analysis.Snapshot.Policies.PolicyFor, new FixOptions { Inline = true })))
                    .Where(f => f.Result.Applied.Count > 0)
                    .ToList();
                foreach (var (provider, result) in fixes)
                {
                    actions.Add(new CodeAction
                    {
                        // The providers' titles complete a sentence in the docs ("rewrites threshold ..."): a menu entry starts upper-case.
                        Title = $"{char.ToUpperInvariant(provider.Title[0])}{provider.Title[1..]} ({diagnostic.Id})",
                        Kind = CodeActionKinds.QuickFix,
                        Diagnostics = [lsp],
                        IsPreferred = fixes.Count == 1 ? true : null,
                        Edit = EditOf(result.Applied.SelectMany(f => f.Edits), Read),
                    });
                }

                actions.AddRange(Suppressions(diagnostic, lsp, document));
            }
        }

        if (Wants(context.Only, CodeActionKinds.SourceFixAllCanaryGuard) && findings.Count > 0)
        {
            var all = CodeFixer.CreateDefault().Fix(findings, Read, analysis.Snapshot.Policies.PolicyFor, new FixOptions { Inline = true });
            if (all.Applied.Count > 0)
            {
                actions.Add(new CodeAction
                {
                    Title = FixAllTitle,
                    Kind = CodeActionKinds.SourceFixAllCanaryGuard,
                    Edit = EditOf(all.Applied.SelectMany(f => f.Edits), Read),
                });
            }
        }

        return actions;
    }

    /// <summary>LSP's kind filter is hierarchical: asking for "source" (or "source.fixAll") includes "source.fixAll.canaryguard".</summary>
    private static bool Wants(IReadOnlyList<string>? only, string kind) =>
        only is null || only.Count == 0 || only.Any(o => kind == o || kind.StartsWith(o + ".", StringComparison.Ordinal));

    private static bool Overlaps(LspRange a, LspRange b) =>
        Compare(a.Start, b.End) <= 0 && Compare(b.Start, a.End) <= 0;

    private static int Compare(Position a, Position b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Character.CompareTo(b.Character);

    private IEnumerable<CodeAction> Suppressions(Diagnostic diagnostic, LspDiagnostic lsp, OpenDocument document)
    {
        if (!diagnostic.Descriptor.IsConfigurable || diagnostic.Span is not { } span || diagnostic.File != document.Path)
        {
            yield break;
        }

        var source = new SourceText(document.Text);
        string? Read(string path) => path == document.Path ? document.Text : null;

        // JSON has no comments: only the annotation suppresses there.
        if (!document.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            yield return new CodeAction
            {
                Title = $"Suppress {diagnostic.Id} on this line (comment)",
                Kind = CodeActionKinds.QuickFix,
                Diagnostics = [lsp],
                Edit = EditOf([SuppressionEdits.NextLineComment(document.Path, source, span, diagnostic.Id)], Read),
            };
        }

        if (ResourceAt(document, span) is { } resource
            && SuppressionEdits.Annotation(new YamlEdits(document.Path, source), resource, diagnostic.Id) is { } annotation)
        {
            yield return new CodeAction
            {
                Title = $"Suppress {diagnostic.Id} for this resource (canaryguard.io/suppress annotation)",
                Kind = CodeActionKinds.QuickFix,
                Diagnostics = [lsp],
                Edit = EditOf([annotation], Read),
            };
        }
    }

    /// <summary>The resource whose text holds the finding: the last to start (its first key) at or before the finding's line.</summary>
    private static KubernetesResource? ResourceAt(OpenDocument document, SourceSpan span)
    {
        if (document.Parsed is not { } file)
        {
            return null;
        }

        static int? StartLine(KubernetesResource resource) =>
            resource.Root.Entries.Count > 0 ? resource.Root.Entries[0].Value.KeySpan?.StartLine : null;

        return file.Documents.Select(d => d.Root).OfType<MappingNode>()
            .SelectMany(root => KubernetesResource.FromRoot(file, root))
            .Where(r => StartLine(r) <= span.StartLine)
            .MaxBy(StartLine);
    }

    /// <summary>Edits (offsets into each file's text as the fix read it) as an LSP workspace edit, by file URI.</summary>
    private WorkspaceEdit EditOf(IEnumerable<TextEdit> edits, Func<string, string?> read)
    {
        var changes = new Dictionary<string, IReadOnlyList<LspTextEdit>>(StringComparer.Ordinal);
        foreach (var file in edits.Distinct().GroupBy(e => e.File, StringComparer.Ordinal))
        {
            var positions = new TextPositions(read(file.Key) ?? string.Empty, encoding);
            changes[uriOf(file.Key)] = [.. file.Select(e => new LspTextEdit(positions.RangeOf(e.Start, e.End), e.NewText))];
        }

        return new WorkspaceEdit(changes);
    }
}
