using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>
/// The tool as a process: the build beside the tests (dotnet canaryguard.dll), or the binary of CANARYGUARD_CLI.
/// For what an in-process run cannot show: the current folder, the version of the build.
/// </summary>
public static class BuiltTool
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "canaryguard.dll");

    public static ProcessResult Run(IEnumerable<string> args, string? workingDirectory = null) =>
        CliRunner.Binary is { } binary
            ? ProcessRunner.Run(binary, args, workingDirectory)
            : ProcessRunner.Run("dotnet", [Dll, .. args], workingDirectory);
}
