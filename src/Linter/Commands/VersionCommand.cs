using System.CommandLine;

namespace CanaryGuard.Linter.Commands;

/// <summary><c>canaryguard version</c>.</summary>
internal static class VersionCommand
{
    public static Command Create(CliIo io)
    {
        var command = new Command("version", "Print the version.");
        command.SetAction(_ =>
        {
            io.Output.WriteLine($"canaryguard {ToolVersion.Current}");
            return 0;
        });
        return command;
    }
}
