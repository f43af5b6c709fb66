namespace CanaryGuard.Webhook.Canaries;

/// <summary>The reconciler's event-style log lines (one per outcome worth an operator's attention).</summary>
internal static partial class CanaryReconcilerLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "canary reconcile queue full ({Capacity}); {Namespace}/{Name} waits for the next resync")]
    public static partial void QueueFull(this ILogger logger, int capacity, string @namespace, string name);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "canary {Namespace}/{Name}: reconcile failed after retries: {Error}")]
    public static partial void ReconcileFailed(this ILogger logger, string @namespace, string name, string error);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "canary resync queued {Count} opted-in deployments")]
    public static partial void Resynced(this ILogger logger, int count);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "canary resync failed: {Error}")]
    public static partial void ResyncFailed(this ILogger logger, string error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "canary {Namespace}/{Name}: the deployment did not appear after every retry; dropped")]
    public static partial void DeploymentMissing(this ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "canary {Namespace}/{Name}: a canary the user manages exists; left alone")]
    public static partial void UserOwned(this ILogger logger, string @namespace, string name);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "canary {Namespace}/{Name}: not generated: {Problem}")]
    public static partial void NotGenerated(this ILogger logger, string @namespace, string name, string problem);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "canary {Namespace}/{Name}: refused, the generated canary fails the rules: {Findings}")]
    public static partial void Refused(this ILogger logger, string @namespace, string name, string findings);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "canary {Namespace}/{Name}: applied (hash {Hash})")]
    public static partial void Applied(this ILogger logger, string @namespace, string name, string hash);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "canary {Namespace}/{Name}: not generated, a Service would be taken over: {Conflict}")]
    public static partial void ServiceConflict(this ILogger logger, string @namespace, string name, string conflict);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "canary {Namespace}/{Name}: left alone, it was applied from policy generation {Applied} and this replica has {Current}")]
    public static partial void StalePolicy(this ILogger logger, string @namespace, string name, long applied, long current);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "canary generation: {Identity} leads (holds the Lease); it reconciles and resyncs")]
    public static partial void Leading(this ILogger logger, string identity);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "canary generation: {Identity} no longer leads; it stopped reconciling")]
    public static partial void NotLeading(this ILogger logger, string identity);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "canary {Namespace}/{Name}: the event could not be recorded: {Error}")]
    public static partial void EventFailed(this ILogger logger, string @namespace, string name, string error);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "canary generation: the Lease {Namespace}/{Lease} cannot be read or written: {Error}")]
    public static partial void LeaseFailed(this ILogger logger, string lease, string @namespace, string error);
}
