using System.Globalization;
using System.Runtime.InteropServices;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// Builds manifest trees from YamlDotNet's event parser. The representation model (<c>YamlStream</c>) cannot
/// serve here: it throws on duplicate keys, which Kubernetes accepts (keeping the last) and CG0002 must
/// report, and it expands aliases without bound. Reading events lets us record duplicates, merge <c>&lt;&lt;</c>
/// keys the way go-yaml does, and refuse alias bombs and deep nesting before they cost anything.
/// </summary>
public static class YamlManifestReader
{
    public static ManifestFile Read(string path, string text, ParseLimits? limits = null)
    {
        limits ??= ParseLimits.Default;
        return BlockYamlReader.TryRead(path, text, limits) ?? ReadWithYamlDotNet(path, text, limits);
    }

    /// <summary>The reference reader: every input, every YAML feature, every error message.</summary>
    internal static ManifestFile ReadWithYamlDotNet(string path, string text, ParseLimits limits)
    {
        var documents = new List<ManifestDocument>();
        var problems = new List<ParseProblem>();
        var builder = new DocumentBuilder(LineMap.Of(path, text), limits);
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                if (documents.Count >= limits.MaxDocuments)
                {
                    problems.Add(new ParseProblem(
                        ParseProblemKind.Unsafe,
                        $"more than {limits.MaxDocuments} documents in one file; the rest is not read",
                        SpanOf(path, start.Start, start.End)));
                    break;
                }

                var documentIndex = documents.Count;
                ManifestNode? root = null;
                if (!parser.Accept<DocumentEnd>(out _))
                {
                    try
                    {
                        root = builder.ReadDocument(parser);

                        // An empty document ("---" followed by nothing) reads as an implicit null scalar.
                        if (root is ScalarNode { IsNull: true, Value.Length: 0, Style: ScalarStyle.Plain })
                        {
                            root = null;
                        }
                    }
                    catch (UnsafeInputException unsafeInput)
                    {
                        problems.Add(new ParseProblem(ParseProblemKind.Unsafe, unsafeInput.Message, unsafeInput.Span));
                        SkipToDocumentEnd(parser);
                    }
                }

                var end = parser.Consume<DocumentEnd>();
                if (end.End.Index - start.Start.Index > limits.MaxDocumentBytes)
                {
                    problems.Add(new ParseProblem(
                        ParseProblemKind.Unsafe,
                        $"document {documentIndex + 1} is {end.End.Index - start.Start.Index} bytes, over the limit of {limits.MaxDocumentBytes}; it is not linted",
                        SpanOf(path, start.Start, start.Start)));
                    root = null;
                }

                documents.Add(new ManifestDocument(documentIndex, root, SpanOf(path, start.Start, end.End)));
            }
        }
        catch (YamlException syntax)
        {
            problems.Add(new ParseProblem(ParseProblemKind.Syntax, CleanMessage(syntax), SpanOf(path, syntax.Start, syntax.End)));
        }
        catch (Exception internalError) when (internalError is InvalidOperationException or ArgumentException or EndOfStreamException)
        {
            // YamlDotNet's scanner throws these on some malformed input instead of a YamlException; the input is
            // still just invalid YAML, reported where the parser last stood.
            var at = parser.Current?.End ?? Mark.Empty;
            problems.Add(new ParseProblem(ParseProblemKind.Syntax, "malformed YAML after this point: an unclosed flow collection ([ ] or { })?", SpanOf(path, at, at)));
        }

        return new ManifestFile(path, documents, problems, CommentScanner.Scan(text));
    }

    internal static SourceSpan SpanOf(string path, Mark start, Mark end) =>
        new(path, (int)start.Line, (int)start.Column, (int)end.Line, (int)end.Column);

    /// <summary>Skips the rest of a refused document; a DocumentEnd can only stand at the top level.</summary>
    private static void SkipToDocumentEnd(IParser parser)
    {
        while (parser.Current is not DocumentEnd && parser.MoveNext())
        {
        }
    }

    private static string CleanMessage(YamlException exception)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (…): "; the position is reported separately.
        var message = exception.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith('(') ? message[(marker + 3)..] : message;
    }

    private sealed class DocumentBuilder(LineMap lines, ParseLimits limits)
    {
        private readonly string path = lines.File;
        private readonly Dictionary<string, ManifestNode> anchors = new(StringComparer.Ordinal);

        // The lists a mapping or sequence is gathered in, one per nesting level in use, reused for the next
        // collection: a fresh list per collection was about a quarter of the reader's own garbage.
        private readonly Stack<KeyPositions> spareMappings = new();
        private readonly Stack<List<ManifestNode>> spareSequences = new();
        private int expandedNodes;

        public ManifestNode ReadDocument(IParser parser)
        {
            anchors.Clear();
            expandedNodes = 0;
            return ReadNode(parser, string.Empty, KeyRange.None, 0);
        }

        private ManifestNode ReadNode(IParser parser, string nodePath, KeyRange key, int depth)
        {
            if (depth > limits.MaxDepth)
            {
                throw new UnsafeInputException(
                    $"nesting deeper than {limits.MaxDepth} levels at {nodePath}",
                    SpanOf(path, parser.Current!.Start, parser.Current.End));
            }

            var node = parser.Current switch
            {
                Scalar scalar => ReadScalar(parser, scalar, nodePath, key),
                MappingStart => ReadMapping(parser, nodePath, key, depth),
                SequenceStart => ReadSequence(parser, nodePath, key, depth),
                AnchorAlias alias => ReadAlias(parser, alias, nodePath, key, depth),
                var other => throw new YamlException(other!.Start, other.End, $"unexpected {other.GetType().Name}"),
            };
            return node;
        }

        private ScalarNode ReadScalar(IParser parser, Scalar scalar, string nodePath, KeyRange key)
        {
            parser.MoveNext();
            if (scalar.Value.Length > limits.MaxScalarLength)
            {
                throw new UnsafeInputException(
                    $"a scalar of {scalar.Value.Length} characters at {DisplayPath(nodePath)} is over the limit of {limits.MaxScalarLength}",
                    SpanOf(path, scalar.Start, scalar.Start));
            }

            var style = StyleOf(scalar);
            var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
            var node = new ScalarNode(nodePath, lines, RangeOf(scalar.Start, scalar.End), key, SharedStrings.Value(scalar.Value), style, ScalarResolver.Resolve(scalar.Value, style, tag));
            Remember(scalar.Anchor, node);
            return node;
        }

        private MappingNode ReadMapping(IParser parser, string nodePath, KeyRange key, int depth)
        {
            var start = parser.Consume<MappingStart>();
            var positions = spareMappings.TryPop(out var spare) ? spare : new KeyPositions();
            var entries = positions.Entries;

            // Most mappings have neither duplicates nor merge keys: those lists are made only when needed.
            List<ScalarNode>? duplicates = null;
            List<MappingNode>? merged = null;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var entryKey = ReadKey(parser, nodePath);
                if (entryKey.Text == "<<" && entryKey.Range.Style == ScalarStyle.Plain)
                {
                    (merged ??= []).AddRange(ReadMergeSources(parser, nodePath, depth));
                    continue;
                }

                var value = ReadNode(parser, ManifestNode.ChildPath(nodePath, entryKey.Text), entryKey.Range, depth + 1);
                var entry = new MappingEntry(entryKey.Text, value);
                var earlier = positions.IndexOf(entryKey.Text);
                if (earlier >= 0)
                {
                    (duplicates ??= []).Add(entries[earlier].Key);
                    entries[earlier] = entry;
                }
                else
                {
                    positions.Add(entry);
                }
            }

            // Merge keys (go-yaml semantics): explicit keys win, earlier merge sources win over later ones.
            foreach (var source in merged ?? [])
            {
                foreach (var entry in source.Entries)
                {
                    if (positions.IndexOf(entry.KeyText) < 0)
                    {
                        CountExpansion(entry.Value, start);
                        var relocated = Relocate(entry.Value, ManifestNode.ChildPath(nodePath, entry.KeyText), entry.Value.KeyRange);
                        positions.Add(new MappingEntry(entry.KeyText, relocated));
                    }
                }
            }

            // Arrays, not the growing lists: every node is kept until the cross-file rules ran, so spare capacity adds up.
            var mapping = new MappingNode(nodePath, lines, RangeOf(start.Start, start.End), key, CollectionsMarshal.AsSpan(entries), duplicates ?? (IReadOnlyList<ScalarNode>)[]);
            positions.Clear();
            spareMappings.Push(positions);
            Remember(start.Anchor, mapping);
            return mapping;
        }

        private KeyRead ReadKey(IParser parser, string mappingPath)
        {
            if (parser.Current is Scalar scalar)
            {
                parser.MoveNext();
                var keyText = SharedStrings.Key(scalar.Value);
                var range = RangeOf(scalar.Start, scalar.End);
                if (!scalar.Anchor.IsEmpty)
                {
                    // An anchor on a key ("&a name: value") names the key's scalar, which later aliases repeat as a
                    // key or a value (yaml-test-suite 2SXE, E76Z, HMQ5).
                    var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
                    var style = StyleOf(scalar);
                    Remember(scalar.Anchor, new ScalarNode(ManifestNode.ChildPath(mappingPath, keyText), lines, range, KeyRange.None, SharedStrings.Value(scalar.Value), style, ScalarResolver.Resolve(scalar.Value, style, tag)));
                }

                return new KeyRead(keyText, new KeyRange(range, StyleOf(scalar)));
            }

            var current = parser.Current!;
            if (current is AnchorAlias alias && anchors.TryGetValue(alias.Value.Value, out var target) && target is ScalarNode aliased)
            {
                parser.MoveNext();
                return new KeyRead(aliased.Value, new KeyRange(RangeOf(alias.Start, alias.End), aliased.Style));
            }

            // Kubernetes objects are JSON: a key must be a string, so a complex key is an error in the document.
            throw new YamlException(current.Start, current.End, "a mapping key must be a scalar");
        }

        private IEnumerable<MappingNode> ReadMergeSources(IParser parser, string nodePath, int depth)
        {
            var start = parser.Current!;
            var value = ReadNode(parser, nodePath, KeyRange.None, depth + 1);
            var sources = value switch
            {
                MappingNode single => [single],
                SequenceNode many when many.Items.All(item => item is MappingNode) => many.Items.Cast<MappingNode>().ToList(),
                _ => throw new YamlException(start.Start, start.End, "a merge key '<<' needs a mapping or a sequence of mappings"),
            };
            return sources;
        }

        private SequenceNode ReadSequence(IParser parser, string nodePath, KeyRange key, int depth)
        {
            var start = parser.Consume<SequenceStart>();
            var items = spareSequences.TryPop(out var spare) ? spare : [];
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, ManifestNode.ItemPath(nodePath, items.Count), KeyRange.None, depth + 1));
            }

            var sequence = new SequenceNode(nodePath, lines, RangeOf(start.Start, start.End), key, CollectionsMarshal.AsSpan(items));
            items.Clear();
            spareSequences.Push(items);
            Remember(start.Anchor, sequence);
            return sequence;
        }

        private ManifestNode ReadAlias(IParser parser, AnchorAlias alias, string nodePath, KeyRange key, int depth)
        {
            parser.MoveNext();
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"unknown anchor '{alias.Value.Value}'");
            }

            CountExpansion(target, alias);
            if (depth + Depth(target) > limits.MaxDepth)
            {
                throw new UnsafeInputException(
                    $"alias '*{alias.Value.Value}' nests deeper than {limits.MaxDepth} levels at {DisplayPath(nodePath)}",
                    SpanOf(path, alias.Start, alias.End));
            }

            return Relocate(target, nodePath, key, RangeOf(alias.Start, alias.End));
        }

        private void CountExpansion(ManifestNode target, ParsingEvent at)
        {
            expandedNodes += Size(target);
            if (expandedNodes > limits.MaxAliasExpandedNodes)
            {
                throw new UnsafeInputException(
                    $"aliases expand to more than {limits.MaxAliasExpandedNodes} nodes (an alias bomb?); the document is not linted",
                    SpanOf(path, at.Start, at.End));
            }
        }

        /// <summary>
        /// A copy of an anchored node at the alias's path, so findings inside it name where it is used: the alias's
        /// place for the copy itself (<paramref name="range"/>), the anchored nodes' places inside it.
        /// </summary>
        private ManifestNode Relocate(ManifestNode node, string nodePath, KeyRange key, TextRange? range = null) => node switch
        {
            ScalarNode scalar => new ScalarNode(nodePath, lines, range ?? scalar.Range, key, scalar.Value, scalar.Style, scalar.Kind),
            SequenceNode sequence => new SequenceNode(
                nodePath,
                lines,
                range ?? sequence.Range,
                key,
                sequence.Items.Select((item, i) => Relocate(item, ManifestNode.ItemPath(nodePath, i), KeyRange.None)).ToArray()),
            MappingNode mapping => new MappingNode(
                nodePath,
                lines,
                range ?? mapping.Range,
                key,
                mapping.Entries.Select(e => new MappingEntry(e.KeyText, Relocate(e.Value, ManifestNode.ChildPath(nodePath, e.KeyText), e.Value.KeyRange))).ToArray(),
                mapping.DuplicateKeys),
            _ => throw new InvalidOperationException("unknown node type"),
        };

        private static int Size(ManifestNode node) => node switch
        {
            MappingNode mapping => 1 + mapping.Entries.Sum(e => 1 + Size(e.Value)),
            SequenceNode sequence => 1 + sequence.Items.Sum(Size),
            _ => 1,
        };

        private static int Depth(ManifestNode node) => node switch
        {
            MappingNode mapping => 1 + (mapping.Entries.Count == 0 ? 0 : mapping.Entries.Max(e => Depth(e.Value))),
            SequenceNode sequence => 1 + (sequence.Items.Count == 0 ? 0 : sequence.Items.Max(Depth)),
            _ => 0,
        };

        private void Remember(AnchorName anchor, ManifestNode node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }
        }

        /// <summary>Where YamlDotNet placed an event, as offsets into the file's text.</summary>
        private TextRange RangeOf(Mark start, Mark end) =>
            new(lines.OffsetOf(start.Index, start.Line, start.Column), lines.OffsetOf(end.Index, end.Line, end.Column));

        private static ScalarStyle StyleOf(Scalar scalar) => scalar.Style switch
        {
            YamlDotNet.Core.ScalarStyle.SingleQuoted => ScalarStyle.SingleQuoted,
            YamlDotNet.Core.ScalarStyle.DoubleQuoted => ScalarStyle.DoubleQuoted,
            YamlDotNet.Core.ScalarStyle.Literal => ScalarStyle.Literal,
            YamlDotNet.Core.ScalarStyle.Folded => ScalarStyle.Folded,
            _ => ScalarStyle.Plain,
        };

        private static string DisplayPath(string nodePath) => nodePath.Length == 0 ? "the document root" : nodePath;
    }
}

/// <summary>
/// The entries of a mapping being read, with the position of each key: found by a scan while the mapping is small
/// (a dictionary per mapping was most of the reader's garbage), indexed once it grows, so a huge one stays linear.
/// </summary>
internal sealed class KeyPositions
{
    private const int IndexedFrom = 9;

    private readonly List<MappingEntry> entries = [];
    private Dictionary<string, int>? index;

    public List<MappingEntry> Entries => entries;

    /// <summary>Empties it for the next mapping.</summary>
    public void Clear()
    {
        entries.Clear();
        index = null;
    }

    public int IndexOf(string key)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out var position) ? position : -1;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].KeyText, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Appends an entry whose key is not there yet.</summary>
    public void Add(MappingEntry entry)
    {
        entries.Add(entry);
        if (index is not null)
        {
            index[entry.KeyText] = entries.Count - 1;
        }
        else if (entries.Count >= IndexedFrom)
        {
            index = new Dictionary<string, int>(entries.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                index[entries[i].KeyText] = i;
            }
        }
    }
}

/// <summary>A mapping key as read: its text, and where and how it was written.</summary>
internal readonly record struct KeyRead(string Text, KeyRange Range);

/// <summary>Input refused before it could exhaust the process (CG0008).</summary>
internal sealed class UnsafeInputException(string message, SourceSpan span) : Exception(message)
{
    public SourceSpan Span { get; } = span;
}
