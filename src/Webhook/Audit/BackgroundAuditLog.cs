namespace CanaryGuard.Webhook.Audit;

/// <summary>The background audit's log lines: one per pass, one per re-audit after admissions, and why a pass failed.</summary>
internal static partial class BackgroundAuditLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "audit of {Namespaces} namespaces took {Seconds:0.0} s: {Written} reports written, {Unchanged} unchanged")]
    public static partial void AuditCompleted(this ILogger logger, int namespaces, double seconds, int written, int unchanged);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "re-audit of {Namespaces} namespaces after admitted changes: {Written} reports written, {Unchanged} unchanged")]
    public static partial void NamespacesReaudited(this ILogger logger, int namespaces, int written, int unchanged);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "audit failed: {Error}")]
    public static partial void AuditFailed(this ILogger logger, string error);
}
