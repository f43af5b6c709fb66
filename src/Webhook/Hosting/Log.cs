using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>Every log line the webhook writes, structured (the JSON console formatter puts the named values in <c>State</c>).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "admission decision {Uid} {Endpoint} {Kind} {ObjectNamespace}/{ObjectName} {Operation} dryRun={DryRun} allowed={Allowed} rules={RuleIds} in {DurationMs} ms")]
    public static partial void Decision(ILogger logger, string uid, string endpoint, string kind, string? objectNamespace, string? objectName, string operation, bool dryRun, bool allowed, string ruleIds, double durationMs);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "admission warnings {Uid} in full (shortened in the response): {Warnings}")]
    public static partial void FullWarnings(ILogger logger, string uid, string warnings);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "bad admission request on {Endpoint}: {Error}")]
    public static partial void BadRequest(ILogger logger, string endpoint, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "admission request {Uid} on {Endpoint} refused unread: {Error}")]
    public static partial void Refused(ILogger logger, string uid, string endpoint, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "admission request on {Endpoint} turned away: the evaluation budget of {BudgetMiB} MiB of reviews stayed in use for {WaitSeconds} s")]
    public static partial void Busy(ILogger logger, string endpoint, int budgetMiB, double waitSeconds);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "policy loaded from {Path} (canary template hash {TemplateHash})")]
    public static partial void PolicyLoaded(ILogger logger, string path, string templateHash);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "policy {Path} rejected, the last good policy stays in force: {Problems}")]
    public static partial void PolicyRejected(ILogger logger, string path, string problems);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "policy {Path} rejected at start, the built-in defaults are in force until it loads: {Problems}")]
    public static partial void PolicyRejectedAtStart(ILogger logger, string path, string problems);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "serving certificate loaded from {Path}: subject {Subject}, expires {NotAfter:o}, thumbprint {Thumbprint}")]
    public static partial void CertificateLoaded(ILogger logger, string path, string subject, DateTimeOffset notAfter, string thumbprint);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "serving certificate {Path} not loaded, the previous one stays in use: {Error}")]
    public static partial void CertificateRejected(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 22, Level = LogLevel.Error, Message = "no serving certificate: {Path} not loaded ({Error}); /readyz reports not ready until a valid pair is written there")]
    public static partial void NoCertificate(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "serving certificate {Path} is not valid now (valid from {NotBefore:o} to {NotAfter:o}); /readyz reports not ready until a valid one is written there")]
    public static partial void CertificateNotValidNow(ILogger logger, string path, DateTimeOffset notBefore, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "client CA loaded from {Path}: {Count} certificate(s); admission callers must present a certificate it issued")]
    public static partial void ClientCaLoaded(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 25, Level = LogLevel.Error, Message = "client CA {Path} not loaded, the previous one stays in use (none yet: no caller is accepted): {Error}")]
    public static partial void ClientCaRejected(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "listening: admission on {AdmissionAddress}, health and metrics on {HealthAddress}")]
    public static partial void Listening(ILogger logger, string admissionAddress, string healthAddress);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "shutting down: draining for {DrainSeconds} s (/readyz not ready, responses close their connections), then the listeners close")]
    public static partial void Draining(ILogger logger, double drainSeconds);
}
