using System.Buffers;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// Where the lines of one file start, so that a node keeps where it stands as two character offsets and a line and
/// column are worked out only for the few nodes a finding is about. A lint keeps every node of every file until the
/// cross-file rules ran; four ints and a file per span were a third of that memory (docs/performance.md).
/// </summary>
/// <remarks>
/// Lines break where YamlDotNet breaks them (<c>\r\n</c>, <c>\r</c>, <c>\n</c>, U+0085, U+2028, U+2029), so an offset
/// gives the line and column YamlDotNet reports. At the end of a stream YamlDotNet also counts past the text: offsets
/// past the end continue the last line, and where the text does not end with a line break YamlDotNet moves to a line
/// after the last (<see cref="EndOfInput"/>), whose columns offsets from <see cref="AfterLastLine"/> on stand for.
/// </remarks>
public sealed class LineMap
{
    // Beyond the longest string there is: no offset into a text reaches it.
    private const int AfterLastLine = int.MaxValue / 2;

    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\u0085\u2028\u2029");

    private static readonly SearchValues<char> OtherLineBreaks = SearchValues.Create("\r\u0085\u2028\u2029");

    private readonly int[] lineStarts;
    private readonly int length;
    private readonly bool endsWithBreak;
    private readonly int breakLength;

    private LineMap(string file, int[] lineStarts, int length, bool endsWithBreak, int breakLength)
    {
        File = file;
        this.lineStarts = lineStarts;
        this.length = length;
        this.endsWithBreak = endsWithBreak;
        this.breakLength = breakLength;
    }

    /// <summary>The file as spans name it.</summary>
    public string File { get; }

    /// <summary>
    /// The offset of the start of the line after the last, where YamlDotNet ends a stream (and the block scalars and
    /// documents that reach it): the text's length when it ends with a line break, a mark of its own otherwise.
    /// </summary>
    public int EndOfInput => endsWithBreak ? length : AfterLastLine;

    public static LineMap Of(string file, string text)
    {
        var remaining = text.AsSpan();
        int[] starts;
        if (!remaining.ContainsAny(OtherLineBreaks))
        {
            // Line feeds only, as in almost every manifest (and every file the fast reader reads): counted first, so
            // the array a lint keeps per file has the exact size.
            starts = new int[remaining.Count('\n') + 1];
            for (int line = 1, at = remaining.IndexOf('\n'); at >= 0; line++, at = remaining.IndexOf('\n'))
            {
                starts[line] = starts[line - 1] + at + 1;
                remaining = remaining[(at + 1)..];
            }
        }
        else
        {
            var found = new List<int> { 0 };
            var offset = 0;
            int at;
            while ((at = remaining.IndexOfAny(LineBreaks)) >= 0)
            {
                var breakLength = remaining[at] == '\r' && at + 1 < remaining.Length && remaining[at + 1] == '\n' ? 2 : 1;
                offset += at + breakLength;
                found.Add(offset);
                remaining = remaining[(at + breakLength)..];
            }

            starts = [.. found];
        }

        // Line lengths (for positions inside block scalars) take a file's line breaks as all alike: CRLF when it has one.
        var crlf = text.Contains("\r\n", StringComparison.Ordinal);
        return new LineMap(file, starts, text.Length, text.Length == 0 || starts[^1] == text.Length, crlf ? 2 : 1);
    }

    /// <summary>The offset where a 1-based line starts.</summary>
    internal int LineStart(int line) => lineStarts[Math.Clamp(line - 1, 0, lineStarts.Length - 1)];

    /// <summary>How many characters a 1-based line holds, its line break not counted.</summary>
    internal int LineLength(int line) =>
        line < 1 || line > lineStarts.Length ? 0
        : line == lineStarts.Length ? length - lineStarts[^1]
        : lineStarts[line] - lineStarts[line - 1] - breakLength;


    /// <summary>The span from <paramref name="start"/> to <paramref name="end"/> (offsets, end exclusive).</summary>
    public SourceSpan Span(int start, int end)
    {
        var (startLine, startColumn) = Position(start);
        var (endLine, endColumn) = end == start ? (startLine, startColumn) : Position(end);
        return new SourceSpan(File, startLine, startColumn, endLine, endColumn);
    }

    /// <summary>The 1-based line and column of an offset (<see cref="EndOfInput"/> included).</summary>
    public (int Line, int Column) Position(int offset)
    {
        if (offset >= AfterLastLine)
        {
            return (lineStarts.Length + 1, offset - AfterLastLine + 1);
        }

        var index = Array.BinarySearch(lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>
    /// The offset of a position YamlDotNet reported as <paramref name="index"/> with its line and column: the index
    /// itself, or <see cref="EndOfInput"/> where YamlDotNet moved to a line after the last without reading further.
    /// </summary>
    public int OffsetOf(long index, long line, long column)
    {
        if (index < length)
        {
            return (int)index;
        }

        var offset = (int)Math.Min(index, AfterLastLine - 1);
        return Position(offset) != (line, column) && line == lineStarts.Length + 1 && column is >= 1 and < AfterLastLine
            ? AfterLastLine + (int)column - 1
            : offset;
    }
}
