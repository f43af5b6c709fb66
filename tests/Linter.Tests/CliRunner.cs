namespace CanaryGuard.Linter.Tests;

/// <summary>The outcome of one in-process run of the command line.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs <c>canaryguard</c> in-process with captured streams, exactly as Program does.</summary>
public static class CliRunner
{
    public static CliResult RunWithInput(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var exitCode = CanaryGuardCli.Run(args, new CliIo(input, output, error, IsTerminal: false));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public static CliResult Run(params string[] args) => RunWithInput(string.Empty, args);
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
