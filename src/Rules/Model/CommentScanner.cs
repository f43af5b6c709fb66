namespace CanaryGuard.Rules.Model;

/// <summary>
/// Finds YAML comments line by line. A <c>#</c> starts a comment at the start of a line or after white space,
/// outside quotes; that is all suppression directives need, and it cannot disturb parsing.
/// </summary>
internal static class CommentScanner
{
    public static IReadOnlyList<SourceComment> Scan(string text)
    {
        // Most manifests have no comments: they share the empty list.
        List<SourceComment>? comments = null;
        var lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (line.IndexOf('#') < 0)
            {
                continue;
            }

            var column = FindCommentStart(line);
            if (column >= 0)
            {
                var isWholeLine = line[..column].IsWhiteSpace();
                (comments ??= []).Add(new SourceComment(lineNumber, column + 1, line[(column + 1)..].Trim().ToString(), isWholeLine));
            }
        }

        return comments ?? (IReadOnlyList<SourceComment>)[];
    }

    private static int FindCommentStart(ReadOnlySpan<char> line)
    {
        char quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or '\t' or ':' or '[' or '{' or ',' or '-'))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] is ' ' or '\t'))
            {
                return i;
            }
        }

        return -1;
    }
}
