using System.CommandLine;
using CanaryGuard.Linter.Commands;

namespace CanaryGuard.Linter;

/// <summary>The <c>canaryguard</c> command line.</summary>
internal static class CanaryGuardCli
{
    public static int Run(string[] args, CliIo io)
    {
        var root = new RootCommand("CanaryGuard: catches Flagger Canaries that cannot catch a bad release.")
        {
            LintCommand.Create(io),
            PlanCommand.Create(io),
            VerifyCommand.Create(io),
            RulesCommand.Create(io),
            ExplainCommand.Create(io),
            InitCommand.Create(io),
            VersionCommand.Create(io),
        };
        var parse = root.Parse(LintCommand.NormalizeBareWarnAsError(args));
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                io.Error.WriteLine($"canaryguard: {error.Message}");
            }

            io.Error.WriteLine("Run 'canaryguard --help' for usage.");
            return LintRunner.Failure;
        }

        return parse.Invoke(new InvocationConfiguration { Output = io.Output, Error = io.Error });
    }
}
