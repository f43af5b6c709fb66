namespace CanaryGuard.Linter;

/// <summary>
/// The process's standard streams, passed in so tests can run the whole command line in-process.
/// <paramref name="IsTerminal"/>: standard output is a terminal that wants colour.
/// </summary>
internal sealed record CliIo(TextReader Input, TextWriter Output, TextWriter Error, bool IsTerminal)
{
    public static CliIo FromConsole() => new(
        Console.In,
        Console.Out,
        Console.Error,
        WantsColour(Console.IsOutputRedirected, Environment.GetEnvironmentVariable));

    /// <summary>
    /// Colour only on a terminal, and not when NO_COLOR is set to anything but the empty string (no-color.org) or
    /// the terminal says it cannot show it (TERM=dumb: Emacs shells, some CI log viewers).
    /// </summary>
    public static bool WantsColour(bool outputRedirected, Func<string, string?> environment) =>
        !outputRedirected && string.IsNullOrEmpty(environment("NO_COLOR")) && environment("TERM") != "dumb";
}
