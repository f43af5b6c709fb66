using System.Text.RegularExpressions;

namespace CanaryGuard.Rules.PromQL;

/// <summary>
/// Label regular expressions as Prometheus reads them: RE2, anchored at both ends. .NET's engine stands in for RE2;
/// the constructs RE2 refuses and .NET accepts (look-arounds, back-references, atomic groups) are refused here too.
/// </summary>
public static partial class PromQLRegex
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Why RE2 would refuse the pattern; null when it compiles.</summary>
    public static string? Error(string pattern)
    {
        if (NotInRe2().Match(pattern) is { Success: true } construct)
        {
            return $"invalid or unsupported Perl syntax: `{construct.Value}`";
        }

        try
        {
            _ = Anchored(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>Whether the anchored pattern matches the empty string (a series without the label).</summary>
    public static bool MatchesEmpty(string pattern)
    {
        try
        {
            return Anchored(pattern).IsMatch(string.Empty);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Whether the anchored pattern matches <paramref name="value"/>; false for a pattern that does not compile.</summary>
    public static bool Matches(string pattern, string value)
    {
        try
        {
            return Anchored(pattern).IsMatch(value);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // RE2 reads an empty flag group "(?)" as an empty group; .NET refuses it.
    private static Regex Anchored(string pattern) => new("^(?:" + pattern.Replace("(?)", "(?:)", StringComparison.Ordinal) + ")$", RegexOptions.CultureInvariant, MatchTimeout);

    [GeneratedRegex(@"\(\?(?:[=!>]|<[=!A-Za-z])|\\[1-9kgGZ]|[*+?}]\+", RegexOptions.CultureInvariant)]
    private static partial Regex NotInRe2();
}
