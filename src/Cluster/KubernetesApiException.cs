using System.Net;

namespace CanaryGuard.Cluster;

/// <summary>
/// A request the API server answered with an error: the HTTP code and, when the body is a <c>Status</c>, its
/// reason (<c>NotFound</c>, <c>Conflict</c>, <c>TooManyRequests</c>, …) and message.
/// </summary>
public sealed class KubernetesApiException : Exception
{
    public KubernetesApiException()
    {
        Reason = string.Empty;
    }

    public KubernetesApiException(string message)
        : base(message)
    {
        Reason = string.Empty;
    }

    public KubernetesApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = string.Empty;
    }

    public KubernetesApiException(HttpStatusCode statusCode, string reason, string message, TimeSpan? retryAfter)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }

    public int Code => (int)StatusCode;

    /// <summary>The Status reason, e.g. <c>NotFound</c>, <c>Conflict</c>, <c>AlreadyExists</c>, <c>Forbidden</c>.</summary>
    public string Reason { get; }

    /// <summary>The server's Retry-After (429 and some 5xx), for the caller's retry policy.</summary>
    public TimeSpan? RetryAfter { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
