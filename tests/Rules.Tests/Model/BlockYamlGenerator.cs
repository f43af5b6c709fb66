using System.Globalization;
using System.Text;

namespace CanaryGuard.Rules.Tests.Model;

/// <summary>Which part of YAML a generated file may use.</summary>
internal enum YamlFeatures
{
    /// <summary>What hand-written Kubernetes manifests use: block collections, one-line plain and quoted scalars, comments, documents.</summary>
    Simple,

    /// <summary>All of the block subset the fast reader means to read: block and flow one-liners, escapes, block scalars, odd layouts.</summary>
    Subset,

    /// <summary>The subset with features outside it mixed in (anchors, tags, tabs, CRLF, multi-line scalars, syntax errors).</summary>
    AroundSubset,
}

/// <summary>
/// Writes random YAML files in and around the block subset of YAML that Kubernetes manifests are written in. The same
/// seed and features always give the same text, so a failing case is reproduced by its seed alone.
/// </summary>
internal sealed class BlockYamlGenerator
{
    private const int MaxDepth = 5;

    private const int MaxCommentIndent = 6;
    private const int NoComments = -1;

    private static readonly string[] PlainKeys =
    [
        "name", "image", "port", "spec", "metadata", "a", "b", "x-y", "key_1", "app.kubernetes.io/name",
        "sidecar.istio.io/inject", "1", "true", "é", "日本", "a:b", "a#b", "with space", "-dash", "emoji😀",
    ];

    private static readonly string[] QuotedKeys =
    [
        "\"name\"", "'name'", "\"a b\"", "'x.y'", "\"q\\\"uote\"", "'it''s'", "\"\"", "''", "\"# not a comment\"",
        "\"k: v\"", "'sidecar.istio.io/inject'", "\"\\u00e9\"", "\"tab\\tkey\"", "'1'",
    ];

    private static readonly string[] SimplePlainValues =
    [
        "web", "nginx:1.25.3", "http://example.com:8080/path?q=1", "1", "0", "42", "-1", "3.14", "true", "false", "yes",
        "no", "on", "off", "null", "~", "30s", "1m", "apps/v1", "Deployment", "hello world", "a#b", "99.9", "é", "日本語",
        "emoji 😀", "x:y", "flagger.app/v1beta1", "request-success-rate",
    ];

    private static readonly string[] SubsetPlainValues =
    [
        "0x1F", "0o17", "017", "1e3", "1.0e+3", ".inf", "-.Inf", ".NaN", "+1", "1_000", "True", "TRUE", "Yes", "Y", "n",
        "NULL", "Null", "2001-12-14", "12:30:45", "-foo", "-.5", "a  b   c", "50%", "$HOME", "a,b", "a[b]", "a{b}", "a'b",
        "a\"b", "under_score", "--flag=value", "café", "1.10", "0.0.0.0/0", "key=value", "a:b",
    ];

    private static readonly string[] DoubleQuotedPieces =
    [
        "abc", " ", "#", " # ", ":", ": ", "'", "é", "日本", "😀", "\\\\", "\\\"", "\\n", "\\t", "\\u00e9", "\\x41", "\\0",
        "\\a", "\\b", "\\e", "\\f", "\\r", "\\v", "\\/", "\\ ", "\\_", "\\N", "\\L", "\\P", "\\U0001F600", "\\u263A", "\\x7f",
        "\\\t",
    ];

    private static readonly string[] SimpleDoubleQuotedPieces = ["abc", " ", "#", " # ", ":", ": ", "'", "é", "true", "8080", "\\\"", "\\\\"];

    private static readonly string[] SingleQuotedPieces = ["abc", " ", "''", "\"", "#", " # ", ": ", "\\", "é", "日本", "\\n", "yes"];

    private static readonly string[] FlowCollections =
    [
        "{}", "[]", "[ ]", "{ }", "[a, \"b\", 1]", "{a: 1}", "[a, [b, c]]", "{a: 1, b: [x, y]}", "['s', \"d\"]", "[a, b, ]",
        "[1, 2.5, true, null]", "{\"k\": 'v'}", "[é, 日本]",
    ];

    private static readonly string[] CommentTexts = ["note", " spaced ", "é 日本 😀", "x: y", "# double", "", "'quote", "\"dq", "- item", "---"];

    private static readonly string[] BlockScalarTexts =
    [
        "line", "two words", "# not a comment", "key: value", "- not an item", "trailing spaces  ", "é 日本", "\"quoted\"",
        "'single'", "---x", "a\\nb", "{not: flow}",
    ];

    /// <summary>Things outside the block subset, written where a value goes.</summary>
    private static readonly string[] OutOfSubsetValues =
    [
        "&anchor value", "*anchor", "!!str 5", "!!int \"3\"", "!custom x", "!!binary aGVsbG8=", "\"unterminated", "'unterminated",
        "[a,\n  b]", "{a: 1,\n  b: 2}", "@reserved", "`backtick", "%percent", "\"bad \\q escape\"", "\"\\x4\"", "\"\\uD800\"",
        "a: b", "[unclosed", "first\n   continued plain", "\"multi\n   line\"", "'multi\n   line'", "value\t# tab before comment",
        "? x", ":x", "?x", "- inline", "x:", "|\n  text\n text2", ">\n   \n  a", "|0\n a", "|10\n a",
    ];

    private readonly Random random;
    private readonly YamlFeatures features;
    private readonly List<StringBuilder> lines = [];
    private int commentIndentLimit = MaxCommentIndent;
    private bool documentOpen;

    private BlockYamlGenerator(int seed, YamlFeatures features)
    {
        random = new Random(seed);
        this.features = features;
    }

    private StringBuilder Line => lines[^1];

    private int Column => Line.Length;

    private bool Subset => features != YamlFeatures.Simple;

    private bool Around => features == YamlFeatures.AroundSubset;

    public static string Generate(int seed, YamlFeatures features) => new BlockYamlGenerator(seed, features).File();

    private string File()
    {
        if (Around && Chance(0.05))
        {
            AddLine(0).Append("%YAML 1.1");
            AddLine(0).Append("---");
        }

        var documents = random.Next(1, Subset ? 5 : 4);
        for (var document = 0; document < documents; document++)
        {
            Document(first: document == 0);
        }

        if (Subset && Chance(0.1))
        {
            CommentLines();
            DocumentEnd();
        }

        var text = string.Join("\n", lines.Select(line => line.ToString()));
        if (Chance(0.85))
        {
            text += "\n";
        }

        if (Around && Chance(0.05))
        {
            text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        if (Around && Chance(0.03))
        {
            text = "\uFEFF" + text;
        }

        return text;
    }

    private void Document(bool first)
    {
        CommentLines();
        commentIndentLimit = MaxCommentIndent;
        if (!first || Chance(0.4))
        {
            if (!first && Subset && Chance(0.1))
            {
                DocumentEnd();
            }

            documentOpen = true;
            if (Subset && Chance(0.15))
            {
                // Content on the "---" line: a scalar, a flow collection or a block scalar's header.
                AddLine(0).Append("--- ");
                var kind = random.Next(3);
                if (kind == 0)
                {
                    Line.Append(Scalar());
                    commentIndentLimit = Around ? MaxCommentIndent : NoComments;
                    return;
                }

                if (kind == 1)
                {
                    Line.Append(Pick(FlowCollections));
                    return;
                }

                BlockScalar(parentIndent: 0);
                return;
            }

            AddLine(0).Append(Pick("---", "---", "---", "--- ", "--- # document"));
        }

        var root = random.Next(20);
        documentOpen |= root < 18;
        if (root < 14)
        {
            Mapping(Around && Chance(0.05) ? 1 : 0, depth: 0, continuesLine: false);
        }
        else if (root < 17)
        {
            Sequence(0, depth: 0, continuesLine: false);
        }
        else if (root < 18 && features != YamlFeatures.Simple)
        {
            // A lone scalar is no manifest; the fast reader leaves it to YamlDotNet.
            AddLine(0).Append(Scalar());

            // YamlDotNet fails on a comment line after a plain root scalar ("found a comment between adjacent scalars").
            commentIndentLimit = Around ? MaxCommentIndent : NoComments;
        }
        else
        {
            // An empty document: nothing, or only comments.
            CommentLines();
        }
    }

    /// <summary>
    /// "..." ends a document. YamlDotNet fails on one where no document is open (at the start of the file, or twice in a
    /// row) though YAML allows it; only AroundSubset writes that.
    /// </summary>
    private void DocumentEnd()
    {
        if (documentOpen || Around)
        {
            AddLine(0).Append("...");
            documentOpen = false;
        }
    }

    /// <summary>A block mapping whose keys stand at <paramref name="indent"/>; the first key may continue the line ("- key: v").</summary>
    private void Mapping(int indent, int depth, bool continuesLine)
    {
        var entries = random.Next(1, 5);
        for (var entry = 0; entry < entries; entry++)
        {
            if (!continuesLine || entry > 0)
            {
                BlankAndCommentLines();
                AddLine(Around && Chance(0.02) ? indent + 1 : indent);
            }

            if (Around && Chance(0.02))
            {
                Line.Append("? ").Append(Key());
                AddLine(indent).Append(':');
            }
            else
            {
                Line.Append(Key()).Append(':');
            }

            MappingValue(indent, depth);
        }
    }

    private void MappingValue(int keyIndent, int depth)
    {
        if (Around && Chance(0.03))
        {
            MultiLineScalar(keyIndent);
            return;
        }

        var choice = random.Next(depth >= MaxDepth ? 7 : 16);
        switch (choice)
        {
            case < 6:
                Line.Append(Spaces(1, Subset ? 3 : 1)).Append(Scalar());
                TrailingSpaceOrComment();
                break;
            case 6:
                TrailingSpaceOrComment();
                break;
            case 7 when Subset:
                Line.Append(' ').Append(Pick(FlowCollections));
                TrailingSpaceOrComment();
                break;
            case 8 or 9 when Subset:
                Line.Append(' ');
                BlockScalar(keyIndent);
                break;
            case < 13:
                TrailingSpaceOrComment();
                Mapping(keyIndent + random.Next(1, 5), depth + 1, continuesLine: false);
                break;
            default:
                TrailingSpaceOrComment();
                Sequence(keyIndent + random.Next(0, 5), depth + 1, continuesLine: false);
                break;
        }
    }

    /// <summary>A block sequence whose dashes stand at <paramref name="indent"/>; the first may continue the line ("- - a").</summary>
    private void Sequence(int indent, int depth, bool continuesLine)
    {
        var items = random.Next(1, 4);
        for (var item = 0; item < items; item++)
        {
            if (!continuesLine || item > 0)
            {
                BlankAndCommentLines();
                AddLine(Around && Chance(0.02) ? Math.Max(0, indent - 1) : indent);
            }

            Line.Append('-');
            SequenceItem(indent, depth);
        }
    }

    private void SequenceItem(int dashIndent, int depth)
    {
        var choice = random.Next(depth >= MaxDepth ? 6 : 16);
        switch (choice)
        {
            case < 5:
                Line.Append(Spaces(1, Subset ? 3 : 1)).Append(Scalar());
                TrailingSpaceOrComment();
                break;
            case 5:
                TrailingSpaceOrComment();
                break;
            case 6 when Subset:
                Line.Append(' ').Append(Pick(FlowCollections));
                TrailingSpaceOrComment();
                break;
            case 7 when Subset:
                Line.Append(' ');
                BlockScalar(dashIndent);
                break;
            case < 11:
                Line.Append(Spaces(1, Subset ? 3 : 1));
                Mapping(Column, depth + 1, continuesLine: true);
                break;
            case < 13:
                TrailingSpaceOrComment();
                Mapping(dashIndent + random.Next(1, 5), depth + 1, continuesLine: false);
                break;
            case 13:
                Line.Append(Spaces(1, Subset ? 3 : 1));
                Sequence(Column, depth + 1, continuesLine: true);
                break;
            default:
                TrailingSpaceOrComment();
                Sequence(dashIndent + random.Next(1, 5), depth + 1, continuesLine: false);
                break;
        }
    }

    /// <summary>A plain or quoted scalar over several lines, each deeper than its key: valid YAML, outside the block subset.</summary>
    private void MultiLineScalar(int keyIndent)
    {
        var quote = Pick(string.Empty, "\"", "'");
        Line.Append(' ').Append(quote).Append(Pick(SimplePlainValues));
        var continuations = random.Next(1, 3);
        for (var i = 0; i < continuations; i++)
        {
            if (Chance(0.3))
            {
                AddLine(0);
            }

            AddLine(keyIndent + random.Next(1, 4)).Append(Pick("continued", "more words", "x", "é 日本"));
        }

        Line.Append(quote);
    }

    /// <summary>A literal or folded scalar from its header on; its lines stand deeper than <paramref name="parentIndent"/>.</summary>
    private void BlockScalar(int parentIndent)
    {
        var explicitIndent = Chance(0.25) ? random.Next(1, 5) : 0;
        var indent = parentIndent + (explicitIndent > 0 ? explicitIndent : random.Next(1, 5));
        var chomping = Pick(string.Empty, "-", "+");
        var indentation = explicitIndent > 0 ? explicitIndent.ToString(CultureInfo.InvariantCulture) : string.Empty;
        Line.Append(Pick('|', '>')).Append(Chance(0.5) ? chomping + indentation : indentation + chomping);

        if (Chance(0.15))
        {
            Line.Append(Pick("  # header comment", " ", " #c"));
        }

        if (Chance(0.15))
        {
            // A leading empty line. YamlDotNet fails ("found extra spaces in first line") on one holding spaces, even
            // fewer than the content's indentation, which YAML allows; only AroundSubset writes that.
            AddLine(0).Append(Around && Chance(0.5) ? Spaces(0, indent) : string.Empty);
        }

        var contentLines = random.Next(Chance(0.05) ? 0 : 1, 6);
        for (var i = 0; i < contentLines; i++)
        {
            var kind = random.Next(10);
            if (kind == 0 && i > 0)
            {
                AddLine(0);
            }
            else if (kind == 1 && i > 0)
            {
                // All white space: fewer spaces than the indentation (an empty line) or more (content of spaces).
                AddLine(0).Append(Spaces(0, indent + 3));
            }
            else if (kind == 2 && (i > 0 || explicitIndent > 0))
            {
                AddLine(indent + random.Next(1, 4)).Append(Pick(BlockScalarTexts));
            }
            else
            {
                AddLine(indent).Append(Pick(BlockScalarTexts));
                if (Chance(0.1))
                {
                    Line.Append(Spaces(1, 3));
                }
            }
        }

        var trailingBlankLines = Chance(0.3) ? random.Next(1, 3) : 0;
        for (var i = 0; i < trailingBlankLines; i++)
        {
            // Spaces with no content line before them trip YamlDotNet as leading spaces do (above).
            AddLine(0).Append(Chance(0.3) && (contentLines > 0 || Around) ? Spaces(1, indent + 2) : string.Empty);
        }
    }

    private string Key()
    {
        if (Around && Chance(0.02))
        {
            // A plain key over 1024 characters is not a valid implicit key.
            return Pick("&k key", "!!str key", "*k", "<<", "[a, b]", "{a: 1}", "key\twith tab", new string('k', 1_030));
        }

        return Chance(Subset ? 0.25 : 0.15) ? Pick(QuotedKeys.Where((_, i) => Subset || i < 6).ToArray()) : Pick(PlainKeys);
    }

    private string Scalar()
    {
        if (Around && Chance(0.05))
        {
            return Pick(OutOfSubsetValues);
        }

        if (Subset && Chance(0.005))
        {
            return new string('x', random.Next(1_000, 5_000));
        }

        return random.Next(10) switch
        {
            < 5 => Subset && Chance(0.4) ? Pick(SubsetPlainValues) : Pick(SimplePlainValues),
            < 7 => Subset && Chance(0.5) ? Pick(SimplePlainValues) + " " + Pick(SubsetPlainValues) : Pick(SimplePlainValues),
            < 9 => '"' + Pieces(Subset ? DoubleQuotedPieces : SimpleDoubleQuotedPieces) + '"',
            _ => "'" + Pieces(SingleQuotedPieces) + "'",
        };
    }

    private string Pieces(string[] pool)
    {
        var text = new StringBuilder();
        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            text.Append(Pick(pool));
        }

        return text.ToString();
    }

    private void TrailingSpaceOrComment()
    {
        if (Chance(0.1))
        {
            Line.Append(Spaces(1, 3));
        }

        if (Chance(0.15))
        {
            Line.Append(Spaces(1, 2)).Append('#').Append(Pick(CommentTexts));
        }
    }

    private void BlankAndCommentLines()
    {
        if (Chance(0.1))
        {
            AddLine(0).Append(Subset && Chance(0.3) ? Spaces(1, 6) : string.Empty);
        }

        CommentLines();
    }

    private void CommentLines()
    {
        while (commentIndentLimit != NoComments && Chance(0.12))
        {
            AddLine(random.Next(0, commentIndentLimit + 1)).Append('#').Append(Pick(CommentTexts));
        }
    }

    /// <summary>Starts a line at the indentation, now and then (AroundSubset) with a tab in it.</summary>
    private StringBuilder AddLine(int indent)
    {
        var line = new StringBuilder();
        if (Around && indent > 0 && Chance(0.01))
        {
            line.Append('\t', 1).Append(' ', indent - 1);
        }
        else
        {
            line.Append(' ', indent);
        }

        lines.Add(line);
        return line;
    }

    private string Spaces(int min, int max) => new(' ', random.Next(min, max + 1));

    private bool Chance(double probability) => random.NextDouble() < probability;

    private T Pick<T>(params T[] choices) => choices[random.Next(choices.Length)];
}
