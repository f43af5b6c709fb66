using System.Text.RegularExpressions;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// What the command of a flagger-loadtester webhook (<c>metadata.cmd</c>) does, as far as its words tell: whether it
/// only generates load, and whether a curl in it can fail the hook.
/// </summary>
public static partial class WebhookCommands
{
    /// <summary>Load generators that exit 0 whatever the responses were: a hook running one generates traffic and cannot fail.</summary>
    private static readonly HashSet<string> LoadGenerators = new(StringComparer.Ordinal) { "hey", "ghz", "wrk", "ab" };

    /// <summary>flagger-loadtester task types it runs before answering; it queues every other command and answers 202 at once.</summary>
    private static readonly HashSet<string> BlockingTaskTypes = new(StringComparer.Ordinal) { "bash", "helm", "helmv3" };

    /// <summary>
    /// Whether flagger-loadtester runs the hook's command in the background: a <c>cmd</c> without a blocking
    /// <c>type</c> (bash, helm, helmv3) is queued and the call is answered 202 Accepted at once (pkg/loadtester/server.go),
    /// so the hook returns in no time and its outcome is not the command's.
    /// </summary>
    public static bool RunsInBackground(WebhookView webhook) =>
        Command(webhook) is not null && !BlockingTaskTypes.Contains(webhook.Node.Mapping("metadata")?.String("type") ?? string.Empty);

    /// <summary>The loadtester command of a webhook, or null when it has none.</summary>
    public static ScalarNode? Command(WebhookView webhook) => webhook.Node.Mapping("metadata")?.Scalar("cmd") is { IsNull: false } cmd ? cmd : null;

    /// <summary>Whether the hook's command only generates load: every command of it starts with a load generator.</summary>
    public static bool IsLoadTest(WebhookView webhook) =>
        Command(webhook) is { } cmd && Commands(cmd.Value) is { Count: > 0 } commands && commands.All(c => LoadGenerators.Contains(Program(c)));

    /// <summary>
    /// Whether the command runs curl in a way that cannot fail the hook: curl exits 0 on an HTTP error status unless
    /// given -f/--fail/--fail-with-body, and nothing (a pipe into grep or jq, a test) looks at what it printed.
    /// </summary>
    public static bool HasUncheckedCurl(string command) =>
        Commands(command).Any(c => Program(c) == "curl" && !c.Skip(1).Any(IsFailFlag))
        && !OutputCheck().IsMatch(command);

    /// <summary>The command with -f after every curl that has no fail option: curl then exits 22 on an HTTP error status.</summary>
    public static string WithFailFlag(string command) =>
        string.Concat(SeparatorsKept().Split(command).Select(part =>
            Words(part) is { Length: > 0 } words && Program(words) == "curl" && !words.Skip(1).Any(IsFailFlag)
                ? CurlWord().Replace(part, "curl -f", 1)
                : part));

    /// <summary>The simple commands of a shell line, split at ;, &amp;&amp;, || and |, each as its words.</summary>
    private static List<string[]> Commands(string line) =>
        [.. Separators().Split(line).Select(Words).Where(words => words.Length > 0)];

    private static string[] Words(string command) => command.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The program a simple command runs, after any VAR=value assignments and a leading path.</summary>
    private static string Program(string[] words)
    {
        var program = words.FirstOrDefault(w => !Assignment().IsMatch(w)) ?? string.Empty;
        return program[(program.LastIndexOf('/') + 1)..];
    }

    private static bool IsFailFlag(string word) =>
        word is "--fail" or "--fail-with-body" || ShortFlags().IsMatch(word) && word.Contains('f', StringComparison.Ordinal);

    [GeneratedRegex(@"\|\||&&|;|\|", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    /// <summary>The same separators, kept in the result of a split so the parts join back into the command.</summary>
    [GeneratedRegex(@"(\|\||&&|;|\|)", RegexOptions.CultureInvariant)]
    private static partial Regex SeparatorsKept();

    /// <summary>curl as a word of its own (not part of a path or a longer name).</summary>
    [GeneratedRegex(@"(?<![\w.-])curl(?![\w.-])", RegexOptions.CultureInvariant)]
    private static partial Regex CurlWord();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();

    /// <summary>A cluster of curl's one-letter options, such as -sSf.</summary>
    [GeneratedRegex(@"^-[A-Za-z]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortFlags();

    /// <summary>Something that reads the output or the status: a pipe, grep, jq, or a shell test command (test, [ ).</summary>
    [GeneratedRegex(@"(?<!\|)\|(?!\|)|\bgrep\b|\bjq\b|(?:^|[;&(]|\bif|\bthen)\s*(?:test|\[\[?)\s", RegexOptions.CultureInvariant)]
    private static partial Regex OutputCheck();
}
