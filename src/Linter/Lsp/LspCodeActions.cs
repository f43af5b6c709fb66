using System.Text.Json;
using CanaryGuard.Linter.Lsp.Protocol;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Suppressions;

namespace CanaryGuard.Linter.Lsp;

/// <summary>
/// The code actions of a range: each code fix of each finding there (computed by the same <see cref="CodeFixer"/>
/// as <c>lint --fix</c>), the two suppressions of each finding, and the source action that applies every fix of
/// the file. A fix that writes a new object (CG4001's Canary) is offered both ways: into the file beside, as
/// <c>lint --fix</c> writes it (when the client can create that file), and into the same file, as <c>--fix-inline</c>.
/// </summary>
/// <param name="canCreateFiles">The client applies documentChanges with CreateFile: a fix may write a new file.</param>
internal sealed class LspCodeActions(PositionEncodingKind encoding, Func<string, string> uriOf, bool canCreateFiles)
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
                    .SelectMany(provider => Variants(provider, diagnostic, Read, analysis))
                    .ToList();
                foreach (var (title, result) in fixes)
                {
                    actions.Add(new CodeAction
                    {
                        Title = title,
                        Kind = CodeActionKinds.QuickFix,
                        Diagnostics = [lsp],
                        IsPreferred = fixes.Count == 1 ? true : null,
                        Edit = EditOf(result, Read),
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
                    Edit = EditOf(all, Read),
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

    /// <summary>
    /// A provider's fix of one finding: as <c>lint --fix</c> writes it, and, when that puts a new object into another
    /// file, also into this one (<c>--fix-inline</c>); the first only when the client can create the file it needs.
    /// </summary>
    private IEnumerable<(string Title, FixResult Result)> Variants(CodeFixProvider provider, Diagnostic diagnostic, Func<string, string?> read, LspAnalysis analysis)
    {
        FixResult Fix(bool inline) => new CodeFixer([provider]).Fix([diagnostic], read, analysis.Snapshot.Policies.PolicyFor, new FixOptions { Inline = inline });

        // The providers' titles complete a sentence in the docs ("rewrites threshold ..."): a menu entry starts upper-case.
        var title = $"{char.ToUpperInvariant(provider.Title[0])}{provider.Title[1..]} ({diagnostic.Id})";
        var beside = Fix(inline: false);
        var inline = Fix(inline: true);
        var writesElsewhere = !beside.Files.Select(f => f.Path).Order(StringComparer.Ordinal).SequenceEqual(inline.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        if (beside.Applied.Count > 0 && (canCreateFiles || !beside.Files.Any(f => f.IsNew)))
        {
            yield return (title, beside);
        }

        if (inline.Applied.Count > 0 && (writesElsewhere || beside.Applied.Count == 0))
        {
            yield return (writesElsewhere ? $"{title}, as a new document in this file" : title, inline);
        }
    }

    /// <summary>A fix result as an LSP workspace edit: edits by URI, or document changes that create the new files first.</summary>
    private WorkspaceEdit EditOf(FixResult result, Func<string, string?> read)
    {
        var edits = result.Applied.SelectMany(f => f.Edits);
        var created = result.Files.Where(f => f.IsNew).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        if (created.Count == 0)
        {
            return EditOf(edits, read);
        }

        var changes = new List<System.Text.Json.Nodes.JsonNode>();
        foreach (var file in edits.Distinct().GroupBy(e => e.File, StringComparer.Ordinal))
        {
            var uri = uriOf(file.Key);
            if (created.Contains(file.Key))
            {
                changes.Add(JsonSerializer.SerializeToNode(new CreateFile("create", uri, new CreateFileOptions(IgnoreIfExists: true)), LspJsonContext.Default.CreateFile)!);
            }

            var positions = new TextPositions(created.Contains(file.Key) ? string.Empty : read(file.Key) ?? string.Empty, encoding);
            var edit = new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(uri), [.. file.Select(e => new LspTextEdit(positions.RangeOf(e.Start, e.End), e.NewText))]);
            changes.Add(JsonSerializer.SerializeToNode(edit, LspJsonContext.Default.TextDocumentEdit)!);
        }

        return new WorkspaceEdit { DocumentChanges = changes };
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

        return new WorkspaceEdit { Changes = changes };
    }
}
