namespace CanaryGuard.Linter.Output;

/// <summary>The output formats by name.</summary>
internal static class ReportWriters
{
    public static string[] Names { get; } = ["text", "json"];

    public static IReportWriter Create(string format, bool colour, bool quiet) => format switch
    {
        "json" => new JsonReportWriter(),
        _ => new TextReportWriter(colour, quiet),
    };
}
