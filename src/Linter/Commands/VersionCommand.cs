using System.CommandLine;

namespace CanaryGuard.Linter.Commands;

/// <summary><c>canaryguard version</c> (and <c>--version</c>).</summary>
internal static class VersionCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("version", "Print the version (the same as --version).");
        command.SetAction(_ => Print(io));
        return command;
    }

    public static int Print(CliIo io)
    {
        io.Output.WriteLine($"canaryguard {ToolVersion.Current}");
        return LintRunner.Clean;
    }
}
