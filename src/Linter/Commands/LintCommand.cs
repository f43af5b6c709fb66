using System.CommandLine;
using System.CommandLine.Parsing;
using CanaryGuard.Linter.Fixes;
using CanaryGuard.Linter.Inputs;
using CanaryGuard.Linter.Output;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Commands;

/// <summary><c>canaryguard lint [PATH...|-]</c>.</summary>
internal static class LintCommand
{
    public const string AllWarnings = "all";

    public static Command Create(CliIo io)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files, folders (searched for *.yaml, *.yml, *.json) or - for standard input. Default: the current folder.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var reporting = new ReportCommandOptions();
        var findings = new FindingCommandOptions();
        var lenientConfig = new Option<bool>("--lenient-config") { Description = "An invalid policy entry is a CG0006 warning and is ignored, instead of failing the run (exit 2)." };
        var complete = new Option<bool>("--complete") { Description = "The linted files are the whole application: a reference not found in them is really missing." };
        var fix = new Option<bool>("--fix") { Description = "Apply the code fixes of the findings to the files, then lint again and report what remains." };
        var fixOnly = new Option<string[]>("--fix-only")
        {
            Description = "Apply only the fixes of these ids (comma-separated); implies --fix.",
            CustomParser = SplitIds,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "With --fix: print the changes as a unified diff and write nothing (exit 1 when there are changes)." };
        var fixInline = new Option<bool>("--fix-inline") { Description = "With --fix: write new objects (CG4001's Canary) as new documents into the same file, not into FILE.canary.yaml beside it." };

        var command = new Command("lint", "Lint Kubernetes manifests: Flagger Canaries and what they point at.") { paths };
        foreach (var option in findings.All.Concat([lenientConfig, complete, fix, fixOnly, dryRun, fixInline]).Concat(reporting.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var found = findings.Read(parse);
            var request = new LintRequest
            {
                Paths = parse.GetValue(paths) ?? [],
                Reporting = reporting.Read(parse),
                FailOn = found.FailOn,
                WarningsAsErrorsAll = found.WarningsAsErrorsAll,
                WarningsAsErrors = found.WarningsAsErrors,
                NoWarn = found.NoWarn,
                ConfigPath = found.ConfigPath,
                LenientConfig = parse.GetValue(lenientConfig),
                Quiet = found.Quiet,
                Complete = parse.GetValue(complete),
                Fix = parse.GetValue(fix) || parse.GetResult(fixOnly) is not null,
                Fixing = new FixRequest
                {
                    Only = (parse.GetValue(fixOnly) ?? []).ToHashSet(StringComparer.Ordinal),
                    DryRun = parse.GetValue(dryRun),
                    Inline = parse.GetValue(fixInline),
                },
            };
            return LintRunner.Run(request, parse.GetValue(CanaryGuardCli.NoColor) ? io with { IsTerminal = false } : io);
        });
        return command;
    }

    public static string[] SplitIds(ArgumentResult result) =>
        [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    /// <summary>
    /// MSBuild's convention: a bare <c>--warnaserror</c> takes no value (so <c>--warnaserror manifests/</c> lints the
    /// folder), and ids come only attached (<c>--warnaserror:CG1005,CG1021</c>). The parser needs a value, so the
    /// bare form is rewritten to the attached form of "all" before parsing.
    /// </summary>
    public static string[] NormalizeBareWarnAsError(string[] args) =>
        [.. args.Select(a => a == "--warnaserror" ? "--warnaserror:" + AllWarnings : a)];
}
