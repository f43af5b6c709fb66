using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// Text edits at the spans of parsed nodes: replace a scalar, add an entry to a mapping, remove an entry. Each
/// works in the style of the mapping it touches (block or flow) and leaves every other character alone.
/// </summary>
public sealed class YamlEdits(string file, SourceText source)
{
    private const int DefaultIndentStep = 2;

    private int? indentStep;

    public string File { get; } = file;

    public SourceText Source { get; } = source;

    public int Start(ManifestNode node) => Source.Start(node.Span!.Value);

    public int KeyStart(ManifestNode node) => Source.Start(node.KeySpan!.Value);

    public bool IsFlow(ManifestNode node) => node is not ScalarNode && node.Span is { } span && Source.Text[Source.Start(span)] is '{' or '[';

    /// <summary>Where a node's text ends: a scalar's span end, a flow collection's closing bracket, a block collection's last descendant.</summary>
    public int End(ManifestNode node)
    {
        switch (node)
        {
            case ScalarNode scalar:
                return Source.End(scalar.Span!.Value);
            case var collection when IsFlow(collection):
                var close = Source.Text[Start(collection)] == '{' ? '}' : ']';
                var children = Children(collection).ToList();
                return ClosingBracket(children.Count == 0 ? Start(collection) + 1 : End(children[^1]), close) + 1;
            default:
                var last = Children(node).LastOrDefault();
                return last is null ? Start(node) : End(last);
        }
    }

    public TextEdit Replace(ManifestNode node, string text) => new(File, Start(node), End(node), text);

    /// <summary>Replaces a scalar's text, keeping its quotes if it had any.</summary>
    public TextEdit ReplaceScalar(ScalarNode scalar, string value) => Replace(scalar, scalar.Style switch
    {
        ScalarStyle.DoubleQuoted => YamlValue.Quote(value),
        ScalarStyle.SingleQuoted => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => value,
    });

    /// <summary>Adds <c>key: value</c> after the mapping's last entry, in the mapping's style and indentation.</summary>
    public TextEdit? AddEntry(MappingNode mapping, string key, YamlValue value)
    {
        if (mapping.Span is null || mapping.Entries.Any(e => e.Value.KeySpan is null))
        {
            return null;
        }

        if (IsFlow(mapping))
        {
            return mapping.Entries.Count == 0
                ? TextEdit.Insert(File, End(mapping) - 1, $"{key}: {value.Flow()}")
                : TextEdit.Insert(File, End(mapping.Entries[^1].Value), $", {key}: {value.Flow()}");
        }

        var indent = Source.Indent(Start(mapping.Entries[0].Key));
        var entry = new string(' ', indent) + YamlValue.BlockEntry(key, value, indent, IndentStep(), Source.NewLine) + Source.NewLine;

        // The new lines go at the start of the line after the mapping, so removing the mapping's last entry (whole
        // lines ending there) and adding one do not overlap.
        var at = AfterLines(End(mapping.Entries[^1].Value));
        return at == Source.Text.Length && at > 0 && Source.Text[^1] != '\n'
            ? TextEdit.Insert(File, at, Source.NewLine + entry[..^Source.NewLine.Length])
            : TextEdit.Insert(File, at, entry);
    }

    /// <summary>
    /// Removes the entry <paramref name="key"/> of a mapping: in block style its whole lines (it must start its line),
    /// in flow style the entry and one separating comma. Null when the entry cannot be cut out cleanly.
    /// </summary>
    public TextEdit? RemoveEntry(MappingNode mapping, string key)
    {
        var index = mapping.Entries.ToList().FindLastIndex(e => e.KeyText == key);
        if (index < 0 || mapping.Entries[index].Value.KeySpan is null)
        {
            return null;
        }

        var (keyNode, value) = mapping.Entries[index];
        var start = Source.Start(keyNode.Span!.Value);
        var end = End(value);
        if (IsFlow(mapping))
        {
            return index > 0
                ? new TextEdit(File, End(mapping.Entries[index - 1].Value), end, string.Empty)
                : new TextEdit(File, start, index + 1 < mapping.Entries.Count ? Source.Start(mapping.Entries[index + 1].Value.KeySpan!.Value) : end, string.Empty);
        }

        if (!Source.StartsLine(start))
        {
            return null;
        }

        return new TextEdit(File, Source.LineStart(start), AfterLines(end), string.Empty);
    }

    /// <summary>How far the file indents a nested block mapping (the first one found); 2 when it has none.</summary>
    public int IndentStep() => indentStep ??= FindIndentStep();

    private int FindIndentStep()
    {
        var text = Source.Text;
        var offset = 0;
        while (offset < text.Length)
        {
            var lineEnd = Source.LineEnd(offset);
            var line = text[offset..lineEnd];
            var trimmed = line.TrimStart(' ');
            if (trimmed.EndsWith(':') && !trimmed.StartsWith('#') && !trimmed.StartsWith('-'))
            {
                var next = Source.NextLineStart(offset);
                if (next < text.Length)
                {
                    var nextLine = text[next..Source.LineEnd(next)];
                    var step = (nextLine.Length - nextLine.TrimStart(' ').Length) - (line.Length - trimmed.Length);
                    if (step > 0 && nextLine.TrimStart(' ').Length > 0)
                    {
                        return step;
                    }
                }
            }

            offset = Source.NextLineStart(offset);
        }

        return DefaultIndentStep;
    }

    /// <summary>The start of the line after the one <paramref name="end"/> is on (a block scalar already ends there).</summary>
    private int AfterLines(int end) => Source.LineStart(end) == end && end > 0 ? end : Source.NextLineStart(end);

    private static IEnumerable<ManifestNode> Children(ManifestNode node) => node switch
    {
        MappingNode mapping => mapping.Entries.Select(e => e.Value),
        SequenceNode sequence => sequence.Items,
        _ => [],
    };

    /// <summary>The closing bracket after <paramref name="from"/>, past spaces, line breaks, commas and comments.</summary>
    private int ClosingBracket(int from, char close)
    {
        var text = Source.Text;
        var i = from;
        while (i < text.Length && text[i] != close)
        {
            i = text[i] == '#' ? Source.NextLineStart(i) : i + 1;
        }

        return Math.Min(i, text.Length - 1);
    }
}
