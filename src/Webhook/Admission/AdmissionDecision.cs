using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Webhook.Admission;

/// <summary>What was decided about one review: the response to send, and what logs and metrics record.</summary>
public sealed record AdmissionDecision
{
    /// <summary>What a refused request is labelled with where its kind or operation is not known to be one the webhook takes.</summary>
    public const string Unknown = "unknown";

    public required AdmissionReview Review { get; init; }

    public required string Uid { get; init; }

    public required string Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public required string Operation { get; init; }

    public bool DryRun { get; init; }

    public bool Allowed => Review.Response?.Allowed ?? false;

    /// <summary>The findings reported (not suppressed, info or above), for logs and metrics; empty when not evaluated.</summary>
    public IReadOnlyList<Diagnostic> Findings { get; init; } = [];

    /// <summary>The full text of the warnings (findings and notes) that had to be shortened, for the log; empty when none was.</summary>
    public IReadOnlyList<string> ShortenedWarnings { get; init; } = [];

    /// <summary>Whether the response carries a patch.</summary>
    public bool Patched => Review.Response?.Patch is not null;

    /// <summary>Why a request with a uid could not be evaluated (the response's code 400 message); null when it was.</summary>
    public string? Refusal { get; init; }

    /// <summary>
    /// A request that cannot be evaluated, labelled <see cref="Unknown"/>. <c>/validate</c> does not allow it (code
    /// 400 with the reason). The mutating endpoints allow it unchanged with the reason as a warning: their
    /// configurations say <c>failurePolicy: Ignore</c>, because Deployments must never wait for CanaryGuard.
    /// </summary>
    public static AdmissionDecision Refused(string uid, AdmissionEndpoint endpoint, string reason) => new()
    {
        Review = AdmissionHandler.Respond(endpoint == AdmissionEndpoint.Validate
            ? new AdmissionResponse { Uid = uid, Allowed = false, Status = new AdmissionStatus(400, "BadRequest", reason) }
            : new AdmissionResponse { Uid = uid, Allowed = true, Warnings = [FindingMessages.Shorten($"canaryguard: not mutated: {reason}")] }),
        Uid = uid,
        Kind = Unknown,
        Operation = Unknown,
        Refusal = reason,
    };
}

/// <summary>The request could not be read as an AdmissionReview this endpoint takes: HTTP 400 with this message.</summary>
public sealed class BadAdmissionRequestException : Exception
{
    public BadAdmissionRequestException()
    {
    }

    public BadAdmissionRequestException(string message)
        : base(message)
    {
    }

    public BadAdmissionRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
