namespace CanaryGuard.Rules.Model;

/// <summary>
/// Where a stretch of a scalar's value stands in the file, so that a finding about part of a value (a PromQL
/// selector inside a block-scalar query) points at that part. The file's text is not kept: the value, where the
/// node stands and the lengths of its lines are enough for a literal block, a folded block whose lines fold into
/// single spaces, and a one-line plain or quoted scalar without escapes. Anything else gives null, and the finding
/// stays at the node.
/// </summary>
public static class ScalarPositions
{
    public static SourceSpan? Span(ScalarNode node, int valueStart, int valueEnd)
    {
        if (node.Lines is not { } lines || node.Range.IsNone || valueStart < 0 || valueEnd > node.Value.Length || valueStart > valueEnd)
        {
            return null;
        }

        var start = Offset(node, lines, valueStart);
        var end = Offset(node, lines, valueEnd);
        return start is { } s && end is { } e && e >= s ? lines.Span(s, e) : null;
    }

    private static int? Offset(ScalarNode node, LineMap lines, int valueOffset) => node.Style switch
    {
        ScalarStyle.Literal => LiteralOffset(node, lines, valueOffset),
        ScalarStyle.Folded => FoldedOffset(node, lines, valueOffset),
        _ => InlineOffset(node, lines, valueOffset),
    };

    private static int? InlineOffset(ScalarNode node, LineMap lines, int valueOffset)
    {
        var (start, end) = (node.Range.Start, node.Range.End);
        if (lines.Position(start).Line != lines.Position(end).Line)
        {
            return null;
        }

        var quotes = node.IsQuoted ? 1 : 0;
        return end - start - (2 * quotes) == node.Value.Length ? start + quotes + valueOffset : null;
    }

    /// <summary>A literal block: value line k is the k-th line after the header, behind the block's indentation.</summary>
    private static int? LiteralOffset(ScalarNode node, LineMap lines, int valueOffset)
    {
        var headerLine = lines.Position(node.Range.Start).Line;
        var valueLines = node.Value.Split('\n');
        var indented = Array.FindIndex(valueLines, l => l.Length > 0);
        if (indented < 0)
        {
            return null;
        }

        var indentation = lines.LineLength(headerLine + 1 + indented) - valueLines[indented].Length;
        var (line, column) = LineAndColumn(node.Value, valueOffset);
        return indentation < 0 ? null : lines.LineStart(headerLine + 1 + line) + indentation + column;
    }

    /// <summary>
    /// A folded block whose content lines fold into one line (no blank or more-indented lines): the lines' lengths
    /// and the value's length give the indentation, and each line's part of the value follows from it.
    /// </summary>
    private static int? FoldedOffset(ScalarNode node, LineMap lines, int valueOffset)
    {
        var folded = node.Value.TrimEnd('\n');
        if (folded.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }

        var headerLine = lines.Position(node.Range.Start).Line;
        var blockLines = lines.Position(node.Range.End).Line - headerLine - 1;
        for (var count = Math.Max(blockLines, 1); count >= 1; count--)
        {
            var lengths = Enumerable.Range(headerLine + 1, count).Select(lines.LineLength).ToArray();
            var total = lengths.Sum() + count - 1 - folded.Length;
            if (total <= 0 || total % count != 0)
            {
                continue;
            }

            var indentation = total / count;
            if (Placed(folded, lengths, indentation, valueOffset) is { } placed)
            {
                return lines.LineStart(headerLine + 1 + placed.Line) + indentation + placed.Column;
            }
        }

        return null;
    }

    private static (int Line, int Column)? Placed(string folded, int[] lengths, int indentation, int valueOffset)
    {
        var at = 0;
        (int, int)? placed = null;
        for (var line = 0; line < lengths.Length; line++)
        {
            var content = lengths[line] - indentation;
            if (content <= 0 || (line > 0 && folded[at - 1] != ' '))
            {
                return null;
            }

            if (placed is null && valueOffset <= at + content)
            {
                placed = (line, valueOffset - at);
            }

            at += content + 1;
        }

        return at - 1 == folded.Length ? placed : null;
    }

    private static (int Line, int Column) LineAndColumn(string value, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset && i < value.Length; i++)
        {
            if (value[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart);
    }
}
