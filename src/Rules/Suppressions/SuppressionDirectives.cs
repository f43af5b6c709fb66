using System.Text.RegularExpressions;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Suppressions;

/// <summary>
/// The suppression comments of one file:
/// <c># canaryguard-disable-next-line CG1005 -- reason</c>, <c># canaryguard-disable CG1005</c> …
/// <c># canaryguard-enable CG1005</c> for a region, and <c># canaryguard-disable-file CG1005</c>.
/// Ids are separated by commas or spaces; the justification follows <c>--</c>.
/// </summary>
public sealed partial class SuppressionDirectives
{
    private readonly List<(string Id, int Line, string? Justification)> nextLine = [];
    private readonly List<(string Id, int FromLine, int ToLine, string? Justification)> regions = [];
    private readonly List<(string Id, string? Justification)> wholeFile = [];

    /// <summary>No directive: a file without comments, or one whose comments are not read.</summary>
    internal static readonly SuppressionDirectives None = new();

    private SuppressionDirectives()
    {
    }

    /// <summary>Reads the directives; an unknown id or an enable without a disable becomes a CG0006 in <paramref name="problems"/>.</summary>
    public static SuppressionDirectives Read(ManifestFile file, IReadOnlySet<string> knownIds, List<Diagnostic> problems)
    {
        // Most files have no comment at all; they share one empty set instead of lists and a dictionary each.
        if (file.Comments.Count == 0)
        {
            return None;
        }

        var directives = new SuppressionDirectives();
        var open = new Dictionary<string, (int Line, string? Justification)>(StringComparer.Ordinal);
        foreach (var comment in file.Comments)
        {
            var match = DirectivePattern().Match(comment.Text);
            if (!match.Success)
            {
                continue;
            }

            var verb = match.Groups["verb"].Value;
            var justification = match.Groups["why"].Success ? match.Groups["why"].Value.Trim() : null;
            var span = new SourceSpan(file.Path, comment.Line, comment.Column, comment.Line, comment.Column + comment.Text.Length + 1);
            var ids = match.Groups["ids"].Value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length == 0)
            {
                problems.Add(Problem(file.Path, span, $"'canaryguard-{verb}' names no rule id; write e.g. '# canaryguard-{verb} CG1005 -- reason'"));
                continue;
            }

            foreach (var id in ids)
            {
                if (!knownIds.Contains(id))
                {
                    problems.Add(Problem(file.Path, span, $"'canaryguard-{verb}' names unknown rule id '{id}'"));
                    continue;
                }

                switch (verb)
                {
                    case "disable-next-line":
                        directives.nextLine.Add((id, comment.Line + 1, justification));
                        break;
                    case "disable-file":
                        directives.wholeFile.Add((id, justification));
                        break;
                    case "disable":
                        open.TryAdd(id, (comment.Line, justification));
                        break;
                    case "enable" when open.Remove(id, out var start):
                        directives.regions.Add((id, start.Line, comment.Line, start.Justification));
                        break;
                    default:
                        problems.Add(Problem(file.Path, span, $"'canaryguard-enable {id}' has no matching 'canaryguard-disable {id}' above it"));
                        break;
                }
            }
        }

        foreach (var (id, start) in open)
        {
            // A region left open runs to the end of the file, as in Roslyn's #pragma warning disable.
            directives.regions.Add((id, start.Line, int.MaxValue, start.Justification));
        }

        return directives;
    }

    /// <summary>The suppression covering a finding of <paramref name="id"/> that starts on <paramref name="line"/>, if any.</summary>
    public Suppression? Find(string id, int line)
    {
        foreach (var (fileId, justification) in wholeFile)
        {
            if (fileId == id)
            {
                return new Suppression(SuppressionKind.Comment, justification);
            }
        }

        foreach (var (nextId, nextLineNumber, justification) in nextLine)
        {
            if (nextId == id && nextLineNumber == line)
            {
                return new Suppression(SuppressionKind.Comment, justification);
            }
        }

        foreach (var (regionId, from, to, justification) in regions)
        {
            if (regionId == id && line > from && line < to)
            {
                return new Suppression(SuppressionKind.Comment, justification);
            }
        }

        return null;
    }

    private static Diagnostic Problem(string file, SourceSpan span, string message) => new()
    {
        Descriptor = EngineDiagnostics.InvalidConfiguration,
        Severity = EngineDiagnostics.InvalidConfiguration.DefaultSeverity,
        Message = message,
        File = file,
        Span = span,
    };

    [GeneratedRegex(@"^canaryguard-(?<verb>disable-next-line|disable-file|disable|enable)(?:\s+(?<ids>.*?))?\s*(?:--\s*(?<why>.*))?$")]
    private static partial Regex DirectivePattern();
}
