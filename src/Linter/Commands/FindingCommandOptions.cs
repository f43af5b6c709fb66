using System.CommandLine;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Commands;

/// <summary>What the options of <see cref="FindingCommandOptions"/> asked for.</summary>
internal sealed record FindingSettings(
    DiagnosticSeverity FailOn,
    bool WarningsAsErrorsAll,
    IReadOnlySet<string> WarningsAsErrors,
    IReadOnlySet<string> NoWarn,
    string? ConfigPath,
    bool Quiet);

/// <summary>
/// The options <c>lint</c>, <c>audit</c> and <c>verify</c> share about findings: which severity fails the run,
/// severity overrides (not for <c>verify</c>), the policy file, and whether to print a summary.
/// </summary>
internal sealed class FindingCommandOptions
{
    private static readonly string[] FailOnValues = ["error", "warning", "info", "none"];

    private readonly Option<string> failOn = new("--fail-on")
    {
        Description = "The lowest severity that makes the exit code 1.",
        DefaultValueFactory = _ => "error",
    };

    private readonly Option<string[]> warnAsError = new("--warnaserror")
    {
        Description = "Treat warnings as errors: all of them, or the listed ids (--warnaserror:CG1005,CG1021).",
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = LintCommand.SplitIds,
    };

    private readonly Option<string[]> noWarn = new("--nowarn")
    {
        Description = "Suppress these ids for this run (comma-separated).",
        CustomParser = LintCommand.SplitIds,
    };

    private readonly Option<string?> config = new("--config", "-c") { Description = "Use this policy file instead of finding .canaryguard.yaml." };
    private readonly Option<bool> quiet = new("--quiet", "-q") { Description = "Print findings only, no summary." };

    private readonly bool severityOverrides;

    public FindingCommandOptions(bool severityOverrides = true)
    {
        this.severityOverrides = severityOverrides;
        failOn.AcceptOnlyFromAmong(FailOnValues);
    }

    public IEnumerable<Option> All => severityOverrides ? [failOn, warnAsError, noWarn, config, quiet] : [failOn, config, quiet];

    public FindingSettings Read(ParseResult parse)
    {
        var warnAsErrorIds = parse.GetValue(warnAsError);
        return new FindingSettings(
            DiagnosticSeverityText.TryParse(parse.GetValue(failOn), out var threshold) ? threshold : DiagnosticSeverity.Error,
            warnAsErrorIds is [LintCommand.AllWarnings],
            (warnAsErrorIds ?? []).Where(id => id != LintCommand.AllWarnings).ToHashSet(StringComparer.Ordinal),
            (parse.GetValue(noWarn) ?? []).ToHashSet(StringComparer.Ordinal),
            parse.GetValue(config),
            parse.GetValue(quiet));
    }
}
