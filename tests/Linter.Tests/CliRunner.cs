using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

/// <summary>The outcome of one run of the command line.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs <c>canaryguard</c> in-process with captured streams, exactly as Program does; or, when the environment
/// variable <c>CANARYGUARD_CLI</c> names a built binary (CI sets it to the NativeAOT one), runs that binary as a
/// process with the same arguments, folder and standard input, so the same tests check the shipped program.
/// </summary>
public static class CliRunner
{
    /// <summary>The binary the tests run instead of the in-process command line; null to run in-process.</summary>
    public static string? Binary { get; } = Environment.GetEnvironmentVariable("CANARYGUARD_CLI") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    public static CliResult RunWithInput(string stdin, params string[] args)
    {
        if (Binary is not null)
        {
            var result = ProcessRunner.Run(Binary, args, standardInput: stdin);
            return new CliResult(result.ExitCode, result.Output, result.Error);
        }

        return RunInProcess(stdin, isTerminal: false, args);
    }

    /// <summary>In-process always, whatever CANARYGUARD_CLI says: the reference the built programs are compared with.</summary>
    public static CliResult RunInProcess(params string[] args) => RunInProcess(string.Empty, isTerminal: false, args);

    public static CliResult Run(params string[] args) => RunWithInput(string.Empty, args);

    /// <summary>In-process always, as if standard output were a terminal that wants colour.</summary>
    public static CliResult RunOnTerminal(params string[] args) => RunInProcess(string.Empty, isTerminal: true, args);

    private static CliResult RunInProcess(string stdin, bool isTerminal, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var exitCode = CanaryGuardCli.Run(args, new CliIo(input, output, error, isTerminal));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A temporary folder removed after the test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("canaryguard-test-").FullName;
    }

    public string Path { get; }

    public string Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
