using System.Net;

namespace CanaryGuard.Cluster;

/// <summary>
/// Bounded exponential backoff for API calls: retries what may succeed later (409 Conflict, 429, 500/502/503/504,
/// timeouts, connection failures, and 401: a bound service-account token may have expired just before the kubelet
/// rewrote its file, and the next attempt re-reads it), waits the server's Retry-After when it sends one (capped by
/// <see cref="MaxDelay"/>), otherwise <c>BaseDelay × 2^attempt</c> with ±20% jitter, and gives up after
/// <see cref="MaxAttempts"/> attempts by rethrowing the last error.
/// </summary>
public sealed record RetryPolicy
{
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How a wait is done; tests record the delays instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = (delay, token) => Task.Delay(delay, token);

    public static bool IsRetriable(Exception exception) => exception switch
    {
        KubernetesApiException api => api.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests
            or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        TimeoutException or HttpRequestException => true,
        _ => false,
    };

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (0-based) after <paramref name="exception"/>.</summary>
    public TimeSpan DelayAfter(int attempt, Exception? exception = null)
    {
        if (exception is KubernetesApiException { RetryAfter: { } retryAfter })
        {
            return retryAfter < MaxDelay ? retryAfter : MaxDelay;
        }

        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var jittered = exponential * (0.8 + (0.4 * Random.Shared.NextDouble()));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxDelay.TotalMilliseconds));
    }

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action(cancellationToken);
            }
            catch (Exception exception) when (attempt + 1 < MaxAttempts && IsRetriable(exception) && !cancellationToken.IsCancellationRequested)
            {
                await Delay(DelayAfter(attempt, exception), cancellationToken);
            }
        }
    }
}
