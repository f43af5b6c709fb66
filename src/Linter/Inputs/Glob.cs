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
        var body = glob.Replace('\\', '/').TrimStart('/');

        // A bare name ("*.generated.yaml", "vendor") matches at any depth, as in .gitignore; a folder pattern
        // excludes everything below it.
        var anyDepth = body.Contains('/', StringComparison.Ordinal) ? string.Empty : "(?:.*/)?";
        pattern = new Regex($"^{anyDepth}{ToRegex(body)}(?:/.*)?$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Text { get; }

    public bool IsMatch(string relativePath) => pattern.IsMatch(relativePath.Replace('\\', '/'));

    /// <summary>
    /// The regular expression of a glob body: <c>**/</c> any folders (none included), <c>**</c> anything, <c>*</c> and
    /// <c>?</c> within one name, <c>[a-z]</c> and <c>[!a-z]</c> a character class, <c>\x</c> the character x.
    /// </summary>
    public static string ToRegex(string body)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '*' && i + 1 < body.Length && body[i + 1] == '*')
            {
                var slash = i + 2 < body.Length && body[i + 2] == '/';
                builder.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '[' && body.IndexOf(']', i + 2) is var end and > 0)
            {
                var members = body[(i + 1)..end];
                var negated = members[0] is '!' or '^';
                builder.Append(negated ? "[^" : "[").Append(Regex.Escape(negated ? members[1..] : members)).Append(']');
                i = end;
            }
            else if (c == '\\' && i + 1 < body.Length)
            {
                builder.Append(Regex.Escape(body[++i].ToString()));
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

        return builder.ToString();
    }
}
