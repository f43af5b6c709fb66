using System.Text;
using System.Text.RegularExpressions;

namespace CanaryGuard.Linter.Inputs;

/// <summary>A gitignore-style glob: <c>**</c> spans folders, <c>*</c> and <c>?</c> stay within one; paths use '/'.</summary>
internal sealed class Glob
{
    private readonly Regex pattern;

    public Glob(string glob)
    {
        Text = glob;
        var builder = new StringBuilder("^");
        var body = glob.Replace('\\', '/').TrimStart('/');
        if (!body.Contains('/', StringComparison.Ordinal))
        {
            // A bare name ("*.generated.yaml", "vendor") matches at any depth, as in .gitignore.
            builder.Append("(?:.*/)?");
        }

        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '*' && i + 1 < body.Length && body[i + 1] == '*')
            {
                var slash = i + 2 < body.Length && body[i + 2] == '/';
                builder.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                builder.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        // A folder pattern excludes everything below it.
        builder.Append("(?:/.*)?$");
        pattern = new Regex(builder.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Text { get; }

    public bool IsMatch(string relativePath) => pattern.IsMatch(relativePath.Replace('\\', '/'));
}
