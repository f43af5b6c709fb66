using System.Text;

namespace CanaryGuard.Linter.Lsp.Protocol;

/// <summary>The units of an LSP position's character offset, as negotiated at initialize.</summary>
internal enum PositionEncodingKind
{
    /// <summary>UTF-16 code units: the LSP default, and what .NET strings (and so the engine's columns) count.</summary>
    Utf16,
    Utf8,
    Utf32,
}

/// <summary>
/// Converts between the engine's 1-based line/column (UTF-16 code units: columns are string offsets on the line) and
/// LSP positions (0-based, in the negotiated encoding) over one text. Lines break at <c>\n</c> (a <c>\r</c> before
/// it belongs to the break), as LSP counts them.
/// </summary>
internal sealed class TextPositions
{
    private readonly string text;
    private readonly List<int> lineStarts = [0];
    private readonly PositionEncodingKind encoding;

    public TextPositions(string text, PositionEncodingKind encoding)
    {
        this.text = text;
        this.encoding = encoding;
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            lineStarts.Add(i + 1);
        }
    }

    public static string Name(PositionEncodingKind encoding) => encoding switch
    {
        PositionEncodingKind.Utf8 => "utf-8",
        PositionEncodingKind.Utf32 => "utf-32",
        _ => "utf-16",
    };

    /// <summary>utf-16 whenever offered (or nothing is offered); otherwise the first offered encoding the server knows.</summary>
    public static PositionEncodingKind Negotiate(IReadOnlyList<string>? offered)
    {
        if (offered is null || offered.Count == 0 || offered.Contains("utf-16"))
        {
            return PositionEncodingKind.Utf16;
        }

        foreach (var name in offered)
        {
            switch (name)
            {
                case "utf-8":
                    return PositionEncodingKind.Utf8;
                case "utf-32":
                    return PositionEncodingKind.Utf32;
            }
        }

        return PositionEncodingKind.Utf16;
    }

    /// <summary>
    /// The string offset of an engine line and column (1-based), clamped to the text; a line after the last (where
    /// YamlDotNet puts the end of a stream) is the end of the text.
    /// </summary>
    public int OffsetOf(int line, int column) =>
        line > lineStarts.Count ? text.Length : Math.Clamp(lineStarts[Math.Max(line - 1, 0)] + column - 1, 0, text.Length);

    /// <summary>The string offset of an LSP position, clamped to its line (a character past the end means the end).</summary>
    public int OffsetOf(Position position)
    {
        if (position.Line >= lineStarts.Count)
        {
            return text.Length;
        }

        var start = lineStarts[Math.Max(position.Line, 0)];
        var end = LineEnd(position.Line);
        var offset = start;
        var units = 0;
        while (offset < end && units < position.Character)
        {
            var width = char.IsHighSurrogate(text[offset]) && offset + 1 < end && char.IsLowSurrogate(text[offset + 1]) ? 2 : 1;
            units += Units(offset, width);
            offset += width;
        }

        return offset;
    }

    public Position PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        var start = lineStarts[line];
        return new Position(line, encoding == PositionEncodingKind.Utf16 ? offset - start : CountUnits(start, offset));
    }

    public LspRange RangeOf(int start, int end) => new(PositionOf(start), PositionOf(Math.Max(start, end)));

    /// <summary>The offset where a 0-based line ends, before its line break.</summary>
    public int LineEnd(int line)
    {
        var end = line + 1 < lineStarts.Count ? lineStarts[line + 1] - 1 : text.Length;
        return end > lineStarts[line] && text[end - 1] == '\r' && line + 1 < lineStarts.Count ? end - 1 : end;
    }

    public int LineCount => lineStarts.Count;

    public int LineStart(int line) => lineStarts[Math.Clamp(line, 0, lineStarts.Count - 1)];

    private int CountUnits(int from, int to)
    {
        var units = 0;
        for (var i = from; i < to; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < to && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            units += Units(i, width);
            i += width - 1;
        }

        return units;
    }

    /// <summary>How many units of the encoding the character at <paramref name="offset"/> (one or two UTF-16 units) takes.</summary>
    private int Units(int offset, int width) => encoding switch
    {
        PositionEncodingKind.Utf16 => width,
        PositionEncodingKind.Utf32 => 1,
        _ => width == 2 ? 4 : Encoding.UTF8.GetByteCount(text.AsSpan(offset, 1)),
    };
}
