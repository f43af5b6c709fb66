using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// The text of a file with an index of where each line starts, to turn the parser's 1-based line/column spans into
/// offsets. A CRLF counts as one line break, as the YAML parser counts it; new text uses the file's own line ending.
/// </summary>
public sealed class SourceText
{
    private readonly List<int> lineStarts = [0];

    public SourceText(string text)
    {
        Text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        NewLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
    }

    public string Text { get; }

    /// <summary>The file's line ending: CRLF when it has any, otherwise LF.</summary>
    public string NewLine { get; }

    public int Offset(int line, int column) => Math.Min(lineStarts[Math.Clamp(line - 1, 0, lineStarts.Count - 1)] + column - 1, Text.Length);

    public int Start(SourceSpan span) => Offset(span.StartLine, span.StartColumn);

    public int End(SourceSpan span) => Offset(span.EndLine, span.EndColumn);

    public string this[int start, int end] => Text[start..end];

    /// <summary>Where the line holding <paramref name="offset"/> starts.</summary>
    public int LineStart(int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        return lineStarts[index >= 0 ? index : ~index - 1];
    }

    /// <summary>Where the line holding <paramref name="offset"/> ends, before its line break.</summary>
    public int LineEnd(int offset)
    {
        var end = Text.IndexOf('\n', offset);
        if (end < 0)
        {
            return Text.Length;
        }

        return end > 0 && Text[end - 1] == '\r' ? end - 1 : end;
    }

    /// <summary>Where the next line starts (past the line break), or the end of the text.</summary>
    public int NextLineStart(int offset)
    {
        var end = Text.IndexOf('\n', offset);
        return end < 0 ? Text.Length : end + 1;
    }

    /// <summary>The column (0-based) of an offset on its line.</summary>
    public int Indent(int offset) => offset - LineStart(offset);

    /// <summary>True when only spaces stand between the line's start and <paramref name="offset"/>.</summary>
    public bool StartsLine(int offset)
    {
        for (var i = LineStart(offset); i < offset; i++)
        {
            if (Text[i] != ' ')
            {
                return false;
            }
        }

        return true;
    }
}
