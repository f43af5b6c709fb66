namespace CanaryGuard.Rules.Engine;

/// <summary>Roslyn's severities. <see cref="None"/> turns a rule off; <see cref="Hidden"/> keeps it out of output.</summary>
public enum DiagnosticSeverity
{
    None = 0,
    Hidden = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
}

public static class DiagnosticSeverityText
{
    public static string ToText(this DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        DiagnosticSeverity.Hidden => "hidden",
        _ => "none",
    };

    /// <summary>Parses the values a policy or command line may use; <c>suggestion</c> is Roslyn's name for info.</summary>
    public static bool TryParse(string? text, out DiagnosticSeverity severity)
    {
        (var known, severity) = text?.Trim().ToLowerInvariant() switch
        {
            "error" => (true, DiagnosticSeverity.Error),
            "warning" => (true, DiagnosticSeverity.Warning),
            "info" or "suggestion" => (true, DiagnosticSeverity.Info),
            "hidden" or "silent" => (true, DiagnosticSeverity.Hidden),
            "none" => (true, DiagnosticSeverity.None),
            _ => (false, DiagnosticSeverity.None),
        };
        return known;
    }
}
