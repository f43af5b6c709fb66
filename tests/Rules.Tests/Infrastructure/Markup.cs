using System.Text;

namespace CanaryGuard.Rules.Tests.Infrastructure;

/// <summary>An expected finding read from markup: the id and the exact span it must be reported at.</summary>
public readonly record struct ExpectedFinding(string Id, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public override string ToString() => $"{Id} at ({StartLine},{StartColumn})-({EndLine},{EndColumn})";
}

/// <summary>
/// Roslyn-style markup: <c>{|CG1005:stepWeight|}</c> marks where a finding of CG1005 is expected. The marks are
/// removed before the YAML is linted; the span is the marked text, 1-based, end column exclusive.
/// </summary>
public static class Markup
{
    public static (string Text, IReadOnlyList<ExpectedFinding> Expected) Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var expected = new List<ExpectedFinding>();
        var open = new Stack<(string Id, int Line, int Column)>();
        int line = 1, column = 1;
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                var colon = markup.IndexOf(':', i);
                open.Push((markup[(i + 2)..colon], line, column));
                i = colon;
                continue;
            }

            if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}')
            {
                var (id, startLine, startColumn) = open.Pop();
                expected.Add(new ExpectedFinding(id, startLine, startColumn, line, column));
                i++;
                continue;
            }

            text.Append(markup[i]);
            if (markup[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        if (open.Count > 0)
        {
            throw new ArgumentException("unclosed {| marker in test markup", nameof(markup));
        }

        return (text.ToString(), expected);
    }
}
