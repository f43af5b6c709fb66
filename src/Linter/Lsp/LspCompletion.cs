using System.Text.RegularExpressions;
using CanaryGuard.Linter.Lsp.Protocol;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.Input;

namespace CanaryGuard.Linter.Lsp;

/// <summary>
/// Completion of rule ids inside a <c># canaryguard-disable…</c> comment and the <c>canaryguard.io/suppress</c>
/// annotation, and of the field names of a Flagger object (from its CRD schema) where a key is being typed. Read from
/// the text, not the parse: the line being typed is rarely valid YAML yet.
/// </summary>
internal sealed partial class LspCompletion(AnalysisEngine engine, PositionEncodingKind encoding)
{
    public CompletionList At(OpenDocument document, Position position)
    {
        var positions = new TextPositions(document.Text, encoding);
        var offset = positions.OffsetOf(position);
        var lineStart = positions.LineStart(position.Line);
        var before = document.Text[lineStart..offset];
        if (DirectiveIds().IsMatch(before) || AnnotationIds().IsMatch(before))
        {
            return new CompletionList(false, RuleIds());
        }

        return new CompletionList(false, FieldNames(document.Text, positions, position.Line, before));
    }

    private IReadOnlyList<CompletionItem> RuleIds() =>
    [
        .. engine.Descriptors.Where(d => d.IsConfigurable).Select(d => new CompletionItem
        {
            Label = d.Id,
            Kind = CompletionItemKind.Value,
            Detail = d.Title,
            Documentation = MarkupContent.Markdown($"{d.Description}\n\n[{d.Id} documentation]({d.HelpLink.AbsoluteUri})"),
        }),
    ];

    private static IReadOnlyList<CompletionItem> FieldNames(string text, TextPositions positions, int line, string before)
    {
        var key = KeyBeingTyped().Match(before);
        if (!key.Success)
        {
            return [];
        }

        var (kind, firstLine) = DocumentAt(text, positions, line);
        if (kind is null || !FlaggerSchema.ByKind.ContainsKey(kind))
        {
            return [];
        }

        var inItem = key.Groups["dash"].Length > 0;
        var keyIndent = key.Groups["indent"].Length + key.Groups["dash"].Length;
        var (segments, siblings) = ParentOf(text, positions, line, firstLine, inItem ? key.Groups["indent"].Length : keyIndent, inItem);
        if (FlaggerFieldDocs.SchemaOf(kind, segments) is not { } parent)
        {
            return [];
        }

        return
        [
            .. parent.Properties.Where(p => !siblings.Contains(p.Key)).Select(p =>
            {
                var path = segments.Append(p.Key).ToList();
                return new CompletionItem
                {
                    Label = p.Key,
                    Kind = CompletionItemKind.Field,
                    Detail = FlaggerFieldDocs.TypeOf(p.Value),
                    Documentation = FlaggerFieldDocs.DescriptionOf(kind, path) is { } description ? MarkupContent.Markdown(description) : null,
                    InsertText = p.Key + ": ",
                };
            }),
        ];
    }

    /// <summary>The kind of the YAML document holding <paramref name="line"/> (its <c>kind:</c> line), and its first line.</summary>
    private static (string? Kind, int FirstLine) DocumentAt(string text, TextPositions positions, int line)
    {
        var first = line;
        while (first > 0 && !IsDocumentStart(LineText(text, positions, first)))
        {
            first--;
        }

        for (var l = IsDocumentStart(LineText(text, positions, first)) ? first + 1 : first; l < positions.LineCount; l++)
        {
            var content = LineText(text, positions, l);
            if (l > line && IsDocumentStart(content))
            {
                break;
            }

            if (KindLine().Match(content) is { Success: true } kind)
            {
                return (kind.Groups["kind"].Value, first);
            }
        }

        return (null, first);
    }

    /// <summary>
    /// The path of the mapping a key at <paramref name="indent"/> goes into, found by walking up to each less indented
    /// key (a <c>- </c> line's items as <c>[]</c>), and the keys already there (to offer only the others).
    /// </summary>
    private static (List<string> Segments, HashSet<string> Siblings) ParentOf(string text, TextPositions positions, int line, int firstLine, int indent, bool inItem)
    {
        var segments = new List<string>();
        var siblings = new HashSet<string>(StringComparer.Ordinal);
        var limit = indent;
        var pendingItem = inItem;
        var collecting = !inItem;
        for (var l = line - 1; l >= firstLine; l--)
        {
            var match = KeyLine().Match(LineText(text, positions, l));
            if (!match.Success)
            {
                continue;
            }

            var lead = match.Groups["indent"].Length;
            var keyIndent = lead + match.Groups["dash"].Length;
            if (keyIndent == limit && !pendingItem)
            {
                if (collecting)
                {
                    siblings.Add(match.Groups["key"].Value);
                }

                // The first key of a sequence item: the mapping being completed is that item.
                if (match.Groups["dash"].Length > 0)
                {
                    pendingItem = true;
                    limit = lead;
                    collecting = false;
                }
            }
            else if (keyIndent < limit)
            {
                if (pendingItem)
                {
                    segments.Insert(0, FlaggerFieldDocs.Items);
                }

                segments.Insert(0, match.Groups["key"].Value);
                pendingItem = match.Groups["dash"].Length > 0;
                limit = pendingItem ? lead : keyIndent;
                collecting = false;
            }
        }

        return (segments, siblings);
    }

    private static string LineText(string text, TextPositions positions, int line) =>
        text[positions.LineStart(line)..positions.LineEnd(line)];

    private static bool IsDocumentStart(string line) => line.StartsWith("---", StringComparison.Ordinal);

    /// <summary>Inside a suppression comment, after its verb, before its <c>--</c> reason.</summary>
    [GeneratedRegex(@"#\s*canaryguard-(disable-next-line|disable-file|disable|enable)\s+(?:(?!--)[^#])*$")]
    private static partial Regex DirectiveIds();

    [GeneratedRegex(@"canaryguard\.io/suppress[""']?\s*:\s*[""']?[^""']*$")]
    private static partial Regex AnnotationIds();

    /// <summary>A line holding only indentation, sequence dashes and the start of a key.</summary>
    [GeneratedRegex(@"^(?<indent> *)(?<dash>(?:- +)*)[A-Za-z0-9_]*$")]
    private static partial Regex KeyBeingTyped();

    [GeneratedRegex(@"^(?<indent> *)(?<dash>(?:- +)*)(?<key>[A-Za-z0-9_.\-/]+) *:(?: |$)")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^kind: *[""']?(?<kind>[A-Za-z]+)")]
    private static partial Regex KindLine();
}
