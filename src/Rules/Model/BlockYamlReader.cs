using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// A reader for the block-style YAML that Kubernetes manifests are written in, building manifest nodes straight from
/// the text. YamlDotNet's tokens, events and marks cost about 40 bytes per byte of input, most of a large lint's
/// time (docs/performance.md). This reader gives exactly the tree, spans and paths that the YamlDotNet reader gives,
/// or it declines (returns null) and the file is read by YamlDotNet: on anything outside its subset (anchors,
/// aliases, tags, directives, tabs, CR line ends, multi-line plain or quoted scalars, explicit block-scalar
/// indentation, flow collections over several lines, ...), on every syntax error and near every
/// <see cref="ParseLimits"/> bound,
/// so errors and refusals always come from the reference reader. The differential tests hold the two equal.
/// </summary>
internal sealed class BlockYamlReader
{
    private const int NoIndent = -1;

    /// <summary>libyaml's bound on an implicit key; longer ones are left to the reference reader.</summary>
    private const int MaxKeyLength = 1000;

    /// <summary>
    /// Characters declined wherever they stand: controls (tab and CR included), C1 controls and the Unicode line
    /// breaks YAML 1.1 counts as new lines, the byte-order mark and non-characters, whose handling the subset leaves
    /// to the reference reader.
    /// </summary>
    private static readonly SearchValues<char> DeclinedCharacters = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c != '\n').Select(c => (char)c))
        + string.Concat(Enumerable.Range(0x7F, 0x21).Select(c => (char)c))
        + "\u2028\u2029\uFEFF\uFFFE\uFFFF");

    // SearchValues, not IndexOfAnyInRange: compiled ahead of time, that boxes every character it compares.
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    /// <summary>Characters a plain scalar may not start with in block context (besides <c>- ? :</c> before a space).</summary>
    private static readonly SearchValues<char> IndicatorCharacters = SearchValues.Create(",[]{}#&*!|>'\"%@`?:");

    /// <summary>Indicators that are plain text inside a scalar, but that YamlDotNet reads differently in a key.</summary>
    private static readonly SearchValues<char> KeyIndicators = SearchValues.Create("*&!");

    /// <summary>Characters of a plain scalar inside a one-line flow sequence; anything else is left to the reference reader.</summary>
    private static readonly SearchValues<char> FlowPlainCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-+=~");

    // The lists mappings and sequences are gathered in, kept per thread for the next file: a large lint reads tens
    // of thousands of small files, and fresh lists per file were a third of the reader's garbage.
    [ThreadStatic]
    private static Scratch? spareScratch;

    private readonly LineMap lines;
    private readonly NodeListStore<MappingEntry> entries;
    private readonly string text;
    private readonly ParseLimits limits;
    private readonly Scratch scratch;

    private int position;
    private int lineStart;

    // The next content token, once MoveToContent found it: its column (0-based), or NoIndent at a document marker
    // or the end of input.
    private int lookaheadIndent;
    private bool atDocumentMarker;

    private BlockYamlReader(LineMap lines, string text, ParseLimits limits, Scratch scratch)
    {
        this.scratch = scratch;
        this.lines = lines;

        // Every mapping entry the subset reads has its ':', so there are at most as many entries as colons.
        entries = new NodeListStore<MappingEntry>(text.AsSpan().Count(':'));
        this.text = text;
        this.limits = limits;
    }

    /// <summary>The file read into manifest nodes, or null when the reference reader must read it.</summary>
    public static ManifestFile? TryRead(string path, string text, ParseLimits limits)
    {
        if (text.Length > limits.MaxDocumentBytes || text.AsSpan().ContainsAny(DeclinedCharacters) || HasUnpairedSurrogate(text))
        {
            return null;
        }

        try
        {
            var scratch = spareScratch ?? new Scratch();
            spareScratch = null;
            var documents = new BlockYamlReader(LineMap.Of(path, text), text, limits, scratch).ReadDocuments();
            spareScratch = scratch.Reset();
            return new ManifestFile(path, documents, [], CommentScanner.Scan(text));
        }
        catch (DeclinedException)
        {
            return null;
        }
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        var first = text.AsSpan().IndexOfAny(Surrogates);
        for (var i = Math.Max(first, 0); first >= 0 && i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]))
            {
                if (!char.IsSurrogatePair(text, i))
                {
                    return true;
                }

                i++;
            }
        }

        return false;
    }

    private List<ManifestDocument> ReadDocuments()
    {
        var documents = new List<ManifestDocument>();
        MoveToContent();
        while (!AtEnd)
        {
            if (documents.Count >= limits.MaxDocuments)
            {
                throw new DeclinedException();
            }

            var documentStart = position;
            if (atDocumentMarker)
            {
                position += 3;
                FinishLine(position);
                MoveToContent();
            }

            ManifestNode? root = null;
            if (!AtEnd && !atDocumentMarker)
            {
                root = ReadNode(NoIndent, string.Empty, KeyRange.None, 0);
                if (!AtEnd && !atDocumentMarker)
                {
                    throw new DeclinedException();
                }
            }

            documents.Add(new ManifestDocument(documents.Count, root, lines.Span(documentStart, AtEnd ? lines.EndOfInput : lineStart)));
        }

        return documents;
    }

    private bool AtEnd => position >= text.Length;

    private char Current => position < text.Length ? text[position] : '\0';

    private char At(int index) => index < text.Length ? text[index] : '\0';

    private bool IsBlankOrEnd(int index) => index >= text.Length || text[index] is ' ' or '\n';

    /// <summary>
    /// From the start of a line, skips blank and comment lines to the next content token and records its column;
    /// document markers and the end of input stop it too.
    /// </summary>
    private void MoveToContent()
    {
        while (true)
        {
            var spaces = CountSpaces(position);
            position += spaces;
            if (AtEnd)
            {
                (lookaheadIndent, atDocumentMarker) = (NoIndent, false);
                return;
            }

            switch (text[position])
            {
                case '\n':
                    NewLine();
                    continue;
                case '#':
                    SkipToLineEnd();
                    if (!AtEnd)
                    {
                        NewLine();
                    }

                    continue;
            }

            if (spaces == 0 && IsMarker("---"))
            {
                (lookaheadIndent, atDocumentMarker) = (NoIndent, true);
                return;
            }

            if (spaces == 0 && IsMarker("..."))
            {
                throw new DeclinedException();
            }

            (lookaheadIndent, atDocumentMarker) = (spaces, false);
            return;
        }
    }

    private bool IsMarker(string marker) => string.CompareOrdinal(text, position, marker, 0, 3) == 0 && IsBlankOrEnd(position + 3);

    private int CountSpaces(int from)
    {
        var end = from;
        while (end < text.Length && text[end] == ' ')
        {
            end++;
        }

        return end - from;
    }

    /// <summary>Consumes the line break at the current position.</summary>
    private void NewLine()
    {
        position++;
        lineStart = position;
    }

    private void SkipToLineEnd()
    {
        var end = text.IndexOf('\n', position);
        position = end < 0 ? text.Length : end;
    }

    /// <summary>After a token: only spaces and a comment may follow on its line; then moves to the next line.</summary>
    private void FinishLine(int tokenEnd)
    {
        position += CountSpaces(position);
        if (Current == '#' && position > tokenEnd)
        {
            SkipToLineEnd();
        }

        if (AtEnd)
        {
            return;
        }

        if (text[position] != '\n')
        {
            throw new DeclinedException();
        }

        NewLine();
    }

    /// <summary>Finishes the line of a one-line node, and declines if the next line would continue it.</summary>
    private void FinishInlineNode(int tokenEnd, int ownerIndent)
    {
        FinishLine(tokenEnd);
        MoveToContent();
        if (lookaheadIndent > ownerIndent)
        {
            throw new DeclinedException();
        }
    }

    private void CheckDepth(int depth)
    {
        if (depth > limits.MaxDepth)
        {
            throw new DeclinedException();
        }
    }

    private bool AtSequenceEntry => Current == '-' && IsBlankOrEnd(position + 1);

    /// <summary>
    /// Reads the node that starts at the current position: the first token of a line, or the rest of the line after an
    /// item's <c>- </c> or a key's <c>: </c>. A block mapping or sequence may start there except after a key
    /// (<c>a: b: c</c> and <c>a: - b</c> are errors).
    /// </summary>
    private ManifestNode ReadNode(int ownerIndent, string nodePath, KeyRange key, int depth, bool blockCollectionAllowed = true)
    {
        CheckDepth(depth);
        var column = position - lineStart;
        if (AtSequenceEntry)
        {
            return blockCollectionAllowed ? ReadSequence(column, indentless: false, nodePath, key, depth) : throw new DeclinedException();
        }

        switch (Current)
        {
            case '[' or '{':
                var flow = ReadFlowCollection(nodePath, key, depth);
                FinishInlineNode(position, ownerIndent);
                return flow;
            case '|' or '>':
                throw new DeclinedException();
        }

        var token = ReadScalarToken();
        if (IsKeyIndicator())
        {
            return blockCollectionAllowed ? ReadMapping(column, token, nodePath, key, depth) : throw new DeclinedException();
        }

        // A document that is a lone scalar is no Kubernetes object, and YamlDotNet reads what follows one in ways of
        // its own (a comment line after it can be an error): left to it.
        if (ownerIndent == NoIndent)
        {
            throw new DeclinedException();
        }

        var scalar = ScalarNodeOf(token, nodePath, key);
        FinishInlineNode(token.EndIndex, ownerIndent);
        return scalar;
    }

    private MappingNode ReadMapping(int indent, ScalarToken firstKey, string nodePath, KeyRange key, int depth)
    {
        var range = new TextRange(firstKey.StartIndex, firstKey.StartIndex);
        var positions = scratch.RentMapping();
        List<ScalarNode>? duplicates = null;
        var entryKey = firstKey;
        while (true)
        {
            // The key indicator ':' is at the current position.
            position++;
            var keyText = KeyTextOf(entryKey);
            var value = ReadAfterIndicator(indent, afterKey: true, ManifestNode.ChildPath(nodePath, keyText), KeyRangeOf(entryKey), depth + 1);
            AddEntry(positions, ref duplicates, new MappingEntry(keyText, value));

            if (lookaheadIndent < indent)
            {
                break;
            }

            if (lookaheadIndent > indent || AtSequenceEntry)
            {
                throw new DeclinedException();
            }

            entryKey = ReadScalarToken();
            if (!IsKeyIndicator())
            {
                throw new DeclinedException();
            }
        }

        return CompleteMapping(positions, duplicates, nodePath, range, key);
    }

    /// <summary>The shared text of a key; merge keys and over-long keys are left to the reference reader.</summary>
    private string KeyTextOf(ScalarToken key)
    {
        var keyText = ValueOf(key);
        if ((key.Style == ScalarStyle.Plain && keyText is "<<") || key.EndIndex - key.StartIndex > MaxKeyLength)
        {
            throw new DeclinedException();
        }

        return key.Unescaped is { } unescaped ? SharedStrings.Key(unescaped) : SharedStrings.Key(keyText);
    }

    /// <summary>Adds an entry; a repeated key replaces the earlier entry (as Kubernetes keeps the last) and is recorded for CG0002.</summary>
    private static void AddEntry(KeyPositions positions, ref List<ScalarNode>? duplicates, MappingEntry entry)
    {
        var earlier = positions.IndexOf(entry.KeyText);
        if (earlier >= 0)
        {
            (duplicates ??= []).Add(positions.Entries[earlier].Key);
            positions.Entries[earlier] = entry;
        }
        else
        {
            positions.Add(entry);
        }
    }

    /// <summary>The mapping gathered in <paramref name="positions"/>, which go back to the scratch for the next one.</summary>
    private MappingNode CompleteMapping(KeyPositions positions, List<ScalarNode>? duplicates, string nodePath, TextRange range, KeyRange key)
    {
        var mapping = new MappingNode(nodePath, lines, range, key, entries.Add(CollectionsMarshal.AsSpan(positions.Entries)), duplicates ?? (IReadOnlyList<ScalarNode>)[]);
        scratch.Return(positions);
        return mapping;
    }

    /// <summary>The sequence gathered in <paramref name="items"/>, which go back to the scratch for the next one.</summary>
    private SequenceNode CompleteSequence(List<ManifestNode> items, string nodePath, TextRange range, KeyRange key)
    {
        var sequence = new SequenceNode(nodePath, lines, range, key, CollectionsMarshal.AsSpan(items));
        scratch.Return(items);
        return sequence;
    }

    /// <summary>
    /// Reads the node after a key's ':' or an item's '-' (the current position just after it): on the same line, on a
    /// later line more indented than its owner, an indentless sequence (after a key only), or else an empty value.
    /// </summary>
    private ManifestNode ReadAfterIndicator(int ownerIndent, bool afterKey, string nodePath, KeyRange key, int depth)
    {
        CheckDepth(depth);
        var indicatorEnd = position;
        position += CountSpaces(position);
        if (AtEnd || Current is '\n' or '#')
        {
            FinishLine(indicatorEnd);
            MoveToContent();
            if (lookaheadIndent > ownerIndent)
            {
                // A block scalar's header on a line of its own is valid, rare, and its indentation is YamlDotNet's call.
                if (Current is '|' or '>')
                {
                    throw new DeclinedException();
                }

                return ReadNode(ownerIndent, nodePath, key, depth);
            }

            if (afterKey && lookaheadIndent == ownerIndent && AtSequenceEntry)
            {
                return ReadSequence(ownerIndent, indentless: true, nodePath, key, depth);
            }

            return EmptyScalar(nodePath, key, indicatorEnd);
        }

        return Current is '|' or '>'
            ? ReadBlockScalar(ownerIndent, nodePath, key)
            : ReadNode(ownerIndent, nodePath, key, depth, blockCollectionAllowed: !afterKey);
    }

    private SequenceNode ReadSequence(int indent, bool indentless, string nodePath, KeyRange key, int depth)
    {
        // YamlDotNet spans an indentless sequence (a mapping value at its key's column) over its first '-', and
        // gives any other block sequence an empty span there.
        var range = new TextRange(position, indentless ? position + 1 : position);
        var items = scratch.RentSequence();
        while (true)
        {
            position++;
            items.Add(ReadAfterIndicator(indent, afterKey: false, ManifestNode.ItemPath(nodePath, items.Count), KeyRange.None, depth + 1));
            if (lookaheadIndent < indent)
            {
                break;
            }

            if (lookaheadIndent > indent)
            {
                throw new DeclinedException();
            }

            if (!AtSequenceEntry)
            {
                if (indentless)
                {
                    break;
                }

                throw new DeclinedException();
            }
        }

        return CompleteSequence(items, nodePath, range, key);
    }

    private ScalarNode EmptyScalar(string nodePath, KeyRange key, int at) =>
        new(nodePath, lines, new TextRange(at, at), key, string.Empty, ScalarStyle.Plain, ScalarResolver.Resolve(string.Empty, ScalarStyle.Plain, null));

    /// <summary>A one-line flow sequence or mapping of scalars (<c>[]</c>, <c>{min: 99}</c>); anything richer is declined.</summary>
    private ManifestNode ReadFlowCollection(string nodePath, KeyRange key, int depth)
    {
        var range = new TextRange(position, position);
        var opening = Current;
        position++;
        return opening == '[' ? ReadFlowSequence(range, nodePath, key, depth) : ReadFlowMapping(range, nodePath, key, depth);
    }

    private SequenceNode ReadFlowSequence(TextRange range, string nodePath, KeyRange key, int depth)
    {
        var items = scratch.RentSequence();
        while (!TryCloseFlow(']', items.Count))
        {
            items.Add(ReadFlowNode(ManifestNode.ItemPath(nodePath, items.Count), KeyRange.None, depth + 1));
        }

        return CompleteSequence(items, nodePath, range, key);
    }

    private MappingNode ReadFlowMapping(TextRange range, string nodePath, KeyRange key, int depth)
    {
        var positions = scratch.RentMapping();
        List<ScalarNode>? duplicates = null;
        for (var read = 0; !TryCloseFlow('}', read); read++)
        {
            var entryKey = ReadFlowScalarToken();
            if (!IsKeyIndicator() || At(position + 1) != ' ')
            {
                throw new DeclinedException();
            }

            position += 2;
            SkipInlineSpaces();
            var keyText = KeyTextOf(entryKey);
            var value = ReadFlowNode(ManifestNode.ChildPath(nodePath, keyText), KeyRangeOf(entryKey), depth + 1);
            AddEntry(positions, ref duplicates, new MappingEntry(keyText, value));
        }

        return CompleteMapping(positions, duplicates, nodePath, range, key);
    }

    /// <summary>
    /// Before a flow item: true (and past it) at the closing bracket; otherwise past the comma that must separate
    /// this item from the one before.
    /// </summary>
    private bool TryCloseFlow(char closing, int itemsRead)
    {
        SkipInlineSpaces();
        if (Current == closing)
        {
            position++;
            return true;
        }

        if (itemsRead > 0)
        {
            Expect(',');
            SkipInlineSpaces();
        }

        // A trailing comma, or an empty item, is valid YAML the subset leaves to the reference reader.
        if (Current is ',' or ']' or '}')
        {
            throw new DeclinedException();
        }

        return false;
    }

    private ScalarToken ReadFlowScalarToken() => Current is '"' or '\'' ? ReadQuotedToken() : ReadFlowPlainToken();

    private ManifestNode ReadFlowNode(string nodePath, KeyRange key, int depth)
    {
        CheckDepth(depth);
        return Current is '[' or '{' ? ReadFlowCollection(nodePath, key, depth) : ScalarNodeOf(ReadFlowScalarToken(), nodePath, key);
    }

    private void SkipInlineSpaces() => position += CountSpaces(position);

    private void Expect(char expected)
    {
        if (Current != expected)
        {
            throw new DeclinedException();
        }

        position++;
    }

    private ScalarToken ReadFlowPlainToken()
    {
        var start = position;
        var end = start;

        // A ':' inside a flow plain scalar (an image tag, a URL) belongs to it unless a separator follows.
        while (end < text.Length && (FlowPlainCharacters.Contains(text[end]) || (text[end] == ':' && end > start && FlowPlainCharacters.Contains(At(end + 1)))))
        {
            end++;
        }

        if (end == start || (text[start] == '-' && end == start + 1))
        {
            throw new DeclinedException();
        }

        position = end;
        return new ScalarToken(null, start, end - start, ScalarStyle.Plain, start, end);
    }

    /// <summary>A plain or quoted scalar on one line, in block context; the position ends just after it.</summary>
    private ScalarToken ReadScalarToken() => Current is '"' or '\'' ? ReadQuotedToken() : ReadPlainToken();

    private ScalarToken ReadPlainToken()
    {
        var start = position;
        var first = Current;
        if (IndicatorCharacters.Contains(first) || first == '-' && IsBlankOrEnd(start + 1))
        {
            throw new DeclinedException();
        }

        var lineEnd = text.IndexOf('\n', start);
        if (lineEnd < 0)
        {
            lineEnd = text.Length;
        }

        var end = start;
        var scan = start;
        while (scan < lineEnd)
        {
            var c = text[scan];
            if (c == ':' && IsBlankOrEnd(scan + 1))
            {
                break;
            }

            if (c == ' ')
            {
                if (At(scan + 1) == '#')
                {
                    break;
                }
            }
            else
            {
                end = scan + 1;
            }

            scan++;
        }

        // "key : value" (a space before the indicator) is valid YAML, but rare enough to leave to the reference.
        if (scan < lineEnd && text[scan] == ':' && end < scan)
        {
            throw new DeclinedException();
        }

        // A plain key holding an alias, anchor or tag indicator past its first character ("a *b: c") is read by
        // YamlDotNet as something else (a scalar, or an error): the differential tests' one disagreement, left to it.
        if (scan < lineEnd && text[scan] == ':' && text.AsSpan(start, end - start).ContainsAny(KeyIndicators))
        {
            throw new DeclinedException();
        }

        position = end;
        return new ScalarToken(null, start, end - start, ScalarStyle.Plain, start, end);
    }

    private ScalarToken ReadQuotedToken()
    {
        var start = position;
        var quote = Current;
        var scan = start + 1;
        StringBuilder? unescaped = null;
        var copiedUpTo = scan;
        while (true)
        {
            if (scan >= text.Length || text[scan] == '\n')
            {
                throw new DeclinedException();
            }

            var c = text[scan];
            if (c == quote)
            {
                if (quote == '\'' && At(scan + 1) == '\'')
                {
                    (unescaped ??= new StringBuilder()).Append(text, copiedUpTo, scan + 1 - copiedUpTo);
                    scan += 2;
                    copiedUpTo = scan;
                    continue;
                }

                break;
            }

            if (c == '\\' && quote == '"')
            {
                unescaped ??= new StringBuilder();
                unescaped.Append(text, copiedUpTo, scan - copiedUpTo);
                scan = AppendEscape(unescaped, scan + 1);
                copiedUpTo = scan;
                continue;
            }

            scan++;
        }

        var value = unescaped?.Append(text, copiedUpTo, scan - copiedUpTo).ToString();
        position = scan + 1;
        if (!IsBlankOrEnd(position) && Current is not (':' or ',' or ']' or '}'))
        {
            throw new DeclinedException();
        }

        return new ScalarToken(value, start + 1, scan - start - 1, quote == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, start, position);
    }

    /// <summary>Appends the character a double-quoted escape stands for; returns the index after the escape.</summary>
    private int AppendEscape(StringBuilder target, int at)
    {
        var simple = At(at) switch
        {
            '0' => '\0',
            'a' => '\a',
            'b' => '\b',
            't' => '\t',
            'n' => '\n',
            'v' => '\v',
            'f' => '\f',
            'r' => '\r',
            'e' => '\u001B',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u0085',
            '_' => '\u00A0',
            'L' => '\u2028',
            'P' => '\u2029',
            _ => (char?)null,
        };
        if (simple is { } character)
        {
            target.Append(character);
            return at + 1;
        }

        var digits = At(at) switch
        {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => throw new DeclinedException(),
        };
        if (at + 1 + digits > text.Length
            || !int.TryParse(text.AsSpan(at + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var codePoint)
            || codePoint is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
        {
            throw new DeclinedException();
        }

        target.Append(char.ConvertFromUtf32(codePoint));
        return at + 1 + digits;
    }

    /// <summary>True when the position is at a ':' that makes the token before it a key.</summary>
    private bool IsKeyIndicator() => Current == ':' && IsBlankOrEnd(position + 1);

    /// <summary>
    /// A literal or folded block scalar, folded and chomped the way libyaml (and so YamlDotNet) does it; its span
    /// ends at the start of the line after its last line, blank lines included.
    /// </summary>
    private ScalarNode ReadBlockScalar(int ownerIndent, string nodePath, KeyRange key)
    {
        if (ownerIndent < 0)
        {
            throw new DeclinedException();
        }

        var blockStart = position;
        var literal = Current == '|';
        position++;
        var chomping = Current switch
        {
            '+' => 1,
            '-' => -1,
            _ => 0,
        };
        if (chomping != 0)
        {
            position++;
        }

        var headerEnd = position;
        if (!IsBlankOrEnd(position))
        {
            throw new DeclinedException();
        }

        FinishLine(headerEnd);
        if (AtEnd && text[^1] != '\n')
        {
            throw new DeclinedException();
        }

        var builder = scratch.BlockText.Clear();
        var trailingBreaks = 0;

        // Leading empty lines belong to the value; ones holding spaces make YamlDotNet guess the indentation.
        while (!AtEnd && text[position] == '\n')
        {
            trailingBreaks++;
            NewLine();
        }

        var indent = CountSpaces(position);
        if (indent > 0 && (position + indent >= text.Length || text[position + indent] == '\n'))
        {
            throw new DeclinedException();
        }

        if (AtEnd || indent <= ownerIndent)
        {
            if (chomping == 1)
            {
                throw new DeclinedException();
            }

            return BlockScalarNode(string.Empty, literal, nodePath, key, new TextRange(blockStart, AtEnd ? lines.EndOfInput : lineStart));
        }

        var leadingBreak = false;
        var leadingBlank = false;
        int end;
        while (true)
        {
            // A content line: the current position is at its start and it is indented at least 'indent'.
            position += indent;
            var trailingBlank = Current == ' ';
            if (!literal && leadingBreak && !leadingBlank && !trailingBlank)
            {
                if (trailingBreaks == 0)
                {
                    builder.Append(' ');
                }
            }
            else if (leadingBreak)
            {
                builder.Append('\n');
            }

            builder.Append('\n', trailingBreaks);
            trailingBreaks = 0;
            leadingBlank = trailingBlank;
            var contentStart = position;
            SkipToLineEnd();
            builder.Append(text, contentStart, position - contentStart);
            if (AtEnd)
            {
                leadingBreak = false;
                end = position;
                break;
            }

            NewLine();
            leadingBreak = true;

            // Blank lines (at most 'indent' spaces) are kept as breaks; a whitespace line holding more is content
            // to YamlDotNet, an edge left to it.
            int spaces;
            while (true)
            {
                spaces = CountSpaces(position);
                if (position + spaces >= text.Length || text[position + spaces] != '\n')
                {
                    break;
                }

                if (spaces > indent)
                {
                    throw new DeclinedException();
                }

                trailingBreaks++;
                position += spaces;
                NewLine();
            }

            if (position + spaces >= text.Length)
            {
                if (spaces > 0)
                {
                    throw new DeclinedException();
                }

                end = lines.EndOfInput;
                break;
            }

            if (spaces < indent)
            {
                end = lineStart;
                break;
            }
        }

        if (chomping != -1 && leadingBreak)
        {
            builder.Append('\n');
        }

        if (chomping == 1)
        {
            builder.Append('\n', trailingBreaks);
        }

        if (builder.Length > limits.MaxScalarLength)
        {
            throw new DeclinedException();
        }

        return BlockScalarNode(builder.ToString(), literal, nodePath, key, new TextRange(blockStart, end));
    }

    /// <summary>The block scalar's node; the position is at the start of the line after it, and moves on to the next token.</summary>
    private ScalarNode BlockScalarNode(string value, bool literal, string nodePath, KeyRange key, TextRange range)
    {
        MoveToContent();
        var style = literal ? ScalarStyle.Literal : ScalarStyle.Folded;
        return new ScalarNode(nodePath, lines, range, key, SharedStrings.Value(value), style, ScalarResolver.Resolve(value, style, null));
    }

    private ScalarNode ScalarNodeOf(ScalarToken token, string nodePath, KeyRange key)
    {
        var value = token.Unescaped is { } unescaped ? SharedStrings.Value(unescaped) : SharedStrings.Value(ValueOf(token));
        if (value.Length > limits.MaxScalarLength)
        {
            throw new DeclinedException();
        }

        return new ScalarNode(nodePath, lines, new TextRange(token.StartIndex, token.EndIndex), key, value, token.Style, ScalarResolver.Resolve(value, token.Style, null));
    }

    private static KeyRange KeyRangeOf(ScalarToken key) => new(new TextRange(key.StartIndex, key.EndIndex), key.Style);

    private ReadOnlySpan<char> ValueOf(in ScalarToken token) => token.Unescaped ?? text.AsSpan(token.ValueStart, token.ValueLength);

    /// <summary>
    /// A scalar as read from one line: where its value stands in the text (made a string only when it is not already
    /// shared), or its value when escapes made it differ from the text; its style, and where the token stands.
    /// </summary>
    private readonly record struct ScalarToken(string? Unescaped, int ValueStart, int ValueLength, ScalarStyle Style, int StartIndex, int EndIndex);

    /// <summary>The reader's reusable working lists; a file the reader declined may leave some of them unreturned.</summary>
    private sealed class Scratch
    {
        /// <summary>A block scalar's text is built here; a huge one is not kept for the next file.</summary>
        private const int KeptBlockTextCapacity = 1 << 16;

        private readonly Stack<KeyPositions> mappings = new();
        private readonly Stack<List<ManifestNode>> sequences = new();

        public StringBuilder BlockText { get; } = new();

        public KeyPositions RentMapping() => mappings.TryPop(out var spare) ? spare : new KeyPositions();

        public List<ManifestNode> RentSequence() => sequences.TryPop(out var spare) ? spare : [];

        public void Return(KeyPositions positions)
        {
            positions.Clear();
            mappings.Push(positions);
        }

        public void Return(List<ManifestNode> items)
        {
            items.Clear();
            sequences.Push(items);
        }

        public Scratch Reset()
        {
            BlockText.Clear();
            if (BlockText.Capacity > KeptBlockTextCapacity)
            {
                BlockText.Capacity = KeptBlockTextCapacity;
            }

            return this;
        }
    }

    /// <summary>Thrown to hand the file to the reference reader; never escapes <see cref="TryRead"/>.</summary>
    private sealed class DeclinedException : Exception
    {
    }
}
