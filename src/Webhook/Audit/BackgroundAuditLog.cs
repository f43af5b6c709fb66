namespace CanaryGuard.Webhook.Audit;

/// <summary>The background audit's log lines: one per pass, and why a pass failed.</summary>
internal static partial class BackgroundAuditLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "audit of {Namespaces} namespaces took {Seconds:0.0} s: {Written} reports written, {Unchanged} unchanged")]
    public static partial void AuditCompleted(this ILogger logger, int namespaces, double seconds, int written, int unchanged);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "audit failed: {Error}")]
    public static partial void AuditFailed(this ILogger logger, string error);
}
