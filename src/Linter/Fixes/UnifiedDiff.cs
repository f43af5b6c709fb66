using System.Globalization;
using System.Text;

namespace CanaryGuard.Linter.Fixes;

/// <summary>
/// The unified diff (<c>diff -u</c>, three lines of context) of a file's text before and after a fix, for
/// <c>--fix --dry-run</c>. Lines are compared without their line endings; a CRLF file diffs like an LF one.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    private enum Op
    {
        Same,
        Removed,
        Added,
    }

    public static string Create(string path, string before, string after, bool isNew)
    {
        var oldLines = Lines(before);
        var newLines = Lines(after);
        var script = Script(oldLines, newLines);
        var output = new StringBuilder();
        output.Append("--- ").Append(isNew ? "/dev/null" : "a/" + path).Append('\n');
        output.Append("+++ b/").Append(path).Append('\n');

        var index = 0;
        while (index < script.Count)
        {
            var firstChange = script.FindIndex(index, s => s.Op != Op.Same);
            if (firstChange < 0)
            {
                break;
            }

            // A hunk runs until more than twice the context of unchanged lines separates it from the next change.
            var start = Math.Max(index, firstChange - Context);
            var end = firstChange;
            while (true)
            {
                var next = script.FindIndex(end + 1, s => s.Op != Op.Same);
                var lastChange = end;
                if (next < 0 || next - lastChange > 2 * Context)
                {
                    end = Math.Min(script.Count, lastChange + Context + 1);
                    break;
                }

                end = next;
            }

            AppendHunk(output, script, start, end);
            index = end;
        }

        return output.ToString();
    }

    private static void AppendHunk(StringBuilder output, List<(Op Op, string Line, int Old, int New)> script, int start, int end)
    {
        var hunk = script.GetRange(start, end - start);
        var oldCount = hunk.Count(s => s.Op != Op.Added);
        var newCount = hunk.Count(s => s.Op != Op.Removed);
        var oldStart = hunk.FirstOrDefault(s => s.Op != Op.Added).Old;
        var newStart = hunk.FirstOrDefault(s => s.Op != Op.Removed).New;
        output.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldStart, oldCount, script, start, o => o.Old)} +{Range(newStart, newCount, script, start, o => o.New)} @@\n");
        foreach (var (op, line, _, _) in hunk)
        {
            output.Append(op switch { Op.Removed => '-', Op.Added => '+', _ => ' ' }).Append(line).Append('\n');
        }
    }

    /// <summary>diff's range: <c>start,count</c>; an empty side names the line before it (0 at the top).</summary>
    private static string Range(int start, int count, List<(Op Op, string Line, int Old, int New)> script, int hunkStart, Func<(Op Op, string Line, int Old, int New), int> side)
    {
        if (count == 0)
        {
            var before = hunkStart == 0 ? 0 : side(script[hunkStart - 1]);
            return string.Create(CultureInfo.InvariantCulture, $"{before},0");
        }

        return count == 1 ? start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{start},{count}");
    }

    /// <summary>The lines of a text without line endings; a last line without a line break is marked as diff marks it.</summary>
    private static List<string> Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Split('\n').Select(l => l.EndsWith('\r') ? l[..^1] : l).ToList();
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        else
        {
            lines[^1] += "\n\\ No newline at end of file";
        }

        return lines;
    }

    /// <summary>The edit script of a longest common subsequence, with 1-based line numbers on both sides.</summary>
    private static List<(Op Op, string Line, int Old, int New)> Script(List<string> a, List<string> b)
    {
        var lengths = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var script = new List<(Op, string, int, int)>();
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y])
            {
                script.Add((Op.Same, a[x], x + 1, y + 1));
                x++;
                y++;
            }
            else if (y < b.Count && (x == a.Count || lengths[x, y + 1] > lengths[x + 1, y]))
            {
                script.Add((Op.Added, b[y], x, y + 1));
                y++;
            }
            else
            {
                script.Add((Op.Removed, a[x], x + 1, y));
                x++;
            }
        }

        return script;
    }
}
