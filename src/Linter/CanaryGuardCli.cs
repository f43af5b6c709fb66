using System.CommandLine;
using System.CommandLine.Invocation;
using CanaryGuard.Linter.Commands;

namespace CanaryGuard.Linter;

/// <summary>The <c>canaryguard</c> command line.</summary>
internal static class CanaryGuardCli
{
    /// <summary>Turns colour off for this run, whatever the terminal (also NO_COLOR and TERM=dumb, see <see cref="CliIo"/>).</summary>
    public static readonly Option<bool> NoColor = new("--no-color") { Description = "No colour in the output (also when NO_COLOR is set or TERM=dumb).", Recursive = true };

    public static int Run(string[] args, CliIo io)
    {
        var configuration = new InvocationConfiguration { Output = io.Output, Error = io.Error };
        var help = new Command("help", "Show help for canaryguard or one of its commands (canaryguard help lint).");
        var helpTopic = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore };
        help.Arguments.Add(helpTopic);
        var root = new RootCommand("CanaryGuard: catches Flagger Canaries that cannot catch a bad release.")
        {
            LintCommand.Create(io),
            AuditCommand.Create(io),
            PlanCommand.Create(io),
            VerifyCommand.Create(io),
            RulesCommand.Create(io),
            ExplainCommand.Create(io),
            InitCommand.Create(io),
            LspCommand.Create(io),
            VersionCommand.Create(io),
            help,
        };
        root.Options.Add(NoColor);

        // One version string: '--version' prints what 'version' prints, not the host's entry assembly version.
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersionAction(io);

        // Bare 'canaryguard' and 'canaryguard help [command]' show the help of the command asked about.
        root.SetAction(_ => Run(["--help"], io));
        help.SetAction(parse => Run([.. parse.GetValue(helpTopic) ?? [], "--help"], io));

        var parse = root.Parse(LintCommand.NormalizeBareWarnAsError(args));
        var problems = parse.Errors.Select(e => e.Message).Concat(UsageChecks.StrayArguments(parse)).ToList();
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                io.Error.WriteLine($"canaryguard: {problem}");
            }

            var command = parse.CommandResult.Command;
            io.Error.WriteLine($"Run 'canaryguard {(command is RootCommand ? string.Empty : command.Name + " ")}--help' for usage.");
            return LintRunner.Failure;
        }

        return parse.Invoke(configuration);
    }

    private sealed class PrintVersionAction(CliIo io) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult) => VersionCommand.Print(io);
    }
}
