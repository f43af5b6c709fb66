namespace CanaryGuard.Linter.Output;

/// <summary>
/// One <c>--format</c> value: a format name, and the file it goes to (<c>sarif=out.sarif</c>) or null for standard
/// output (or <c>--output</c>).
/// </summary>
internal sealed record ReportTarget(string Format, string? Path)
{
    public static ReportTarget Default { get; } = new("text", null);

    /// <summary>Parses <c>NAME</c> or <c>NAME=FILE</c>; null with a message for an unknown name or an empty file.</summary>
    public static ReportTarget? Parse(string value, out string? error)
    {
        var separator = value.IndexOf('=', StringComparison.Ordinal);
        var name = separator < 0 ? value : value[..separator];
        var path = separator < 0 ? null : value[(separator + 1)..];
        error = null;
        if (!ReportWriters.Names.Contains(name, StringComparer.Ordinal))
        {
            error = $"unknown format '{name}' in --format {value}; formats: {string.Join(", ", ReportWriters.Names)}";
            return null;
        }

        if (path is { Length: 0 })
        {
            error = $"--format {value}: the file after '=' is missing";
            return null;
        }

        return new ReportTarget(name, path);
    }
}
