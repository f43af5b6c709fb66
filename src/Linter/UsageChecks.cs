using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Linter;

/// <summary>
/// What the parser accepts as a path but a user did not mean as one: an unknown option (<c>--quite</c>) and a rule
/// id (<c>--nowarn CG1021 CG1014</c> leaves CG1014 as a path). Both stop the run with a "did you mean" before
/// anything is linted. A path of either shape that exists is still a path.
/// </summary>
internal static partial class UsageChecks
{
    /// <summary>The problems of the path arguments of the parsed command; empty when there are none.</summary>
    public static IEnumerable<string> StrayArguments(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (command.Arguments.FirstOrDefault(a => a.Name == "paths") is not { } paths || parse.GetResult(paths) is not { } given)
        {
            yield break;
        }

        var pathTokens = given.Tokens.ToHashSet(ReferenceEqualityComparer.Instance);
        string? lastOption = null;
        string? lastOptionValue = null;
        var afterDoubleDash = false;
        foreach (var token in parse.Tokens)
        {
            afterDoubleDash |= token.Type == TokenType.DoubleDash;
            if (token.Type == TokenType.Option)
            {
                (lastOption, lastOptionValue) = (token.Value, null);
            }
            else if (lastOption is not null && lastOptionValue is null && !pathTokens.Contains(token))
            {
                lastOptionValue = token.Value;
            }

            if (afterDoubleDash || !pathTokens.Contains(token) || Path.Exists(token.Value))
            {
                continue;
            }

            if (token.Value.Length > 1 && token.Value[0] == '-')
            {
                yield return UnknownOption(token.Value, command);
            }
            else if (RuleId().IsMatch(token.Value))
            {
                yield return RuleIdAsPath(token.Value, lastOption, lastOptionValue);

                // The next stray id joins the list suggested so far: --nowarn CG1021 CG1014 CG1005.
                lastOptionValue = lastOptionValue is null ? token.Value : $"{lastOptionValue},{token.Value}";
            }
        }
    }

    private static string UnknownOption(string given, Command command)
    {
        var name = given.Split('=', ':')[0];
        var known = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).ToList();
        var closest = known
            .Select(k => (Name: k, Distance: Spelling.EditDistance(name, k)))
            .Where(c => c.Distance <= Math.Max(2, name.Length / 3))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
        var suggestion = closest is null ? string.Empty : $"; did you mean '{closest}'?";
        return $"'{given}' is not an option of '{command.Name}'{suggestion} (a file whose name starts with '-' goes after '--')";
    }

    private static string RuleIdAsPath(string id, string? lastOption, string? lastOptionValue) => lastOption switch
    {
        "--nowarn" or "--fix-only" when lastOptionValue is not null =>
            $"'{id}' is a rule id, not a file or folder: {lastOption} takes one comma-separated value; did you mean '{lastOption} {lastOptionValue},{id}'?",
        _ when lastOption?.StartsWith("--warnaserror", StringComparison.Ordinal) == true =>
            $"'{id}' is a rule id, not a file or folder: --warnaserror takes ids attached; did you mean '--warnaserror:{id}'?",
        _ => $"'{id}' is a rule id, not a file or folder; did you mean '--warnaserror:{id}' or '--nowarn {id}'?",
    };

    [GeneratedRegex("^CG[0-9]{4}(,CG[0-9]{4})*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RuleId();
}
