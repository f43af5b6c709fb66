namespace CanaryGuard.Linter;

/// <summary>The process's standard streams, passed in so tests can run the whole command line in-process.</summary>
internal sealed record CliIo(TextReader Input, TextWriter Output, TextWriter Error, bool IsTerminal)
{
    public static CliIo FromConsole() => new(
        Console.In,
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null);
}
