using System.Threading.RateLimiting;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>
/// Bounds the memory admission reviews in progress take. A review holds its body, the parsed document and the
/// manifest tree, a few times the body's size, so the limit is on body bytes in progress (<see cref="BudgetBytes"/>):
/// reviews of a few KiB, which is what the API server sends, practically never wait, while a burst of
/// megabyte-sized ones queues. A review that waited <see cref="QueueTimeout"/> is turned away, in time for the
/// API server (3 s webhook timeout) to get a clear error instead of a timeout.
/// </summary>
internal sealed class EvaluationLimiter : IDisposable
{
    /// <summary>Eight 1 MiB reviews, or two at the 3 MiB body cap, at a time; measured in docs/reliability.md.</summary>
    public const int BudgetBytes = 8 * 1024 * 1024;

    private const int BytesPerPermit = 1024;

    private readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = BudgetBytes / BytesPerPermit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        QueueLimit = 4 * BudgetBytes / BytesPerPermit,
    });

    public static TimeSpan QueueTimeout { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A lease for a body of <paramref name="contentLength"/> bytes (the cap when unknown), or null when the
    /// budget stayed spent for <see cref="QueueTimeout"/> or the queue is full.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="requestAborted"/> was cancelled.</exception>
    public async ValueTask<RateLimitLease?> AcquireAsync(long? contentLength, int maxBodyBytes, CancellationToken requestAborted)
    {
        var bytes = Math.Min(contentLength ?? maxBodyBytes, maxBodyBytes);
        var permits = (int)Math.Max(1, (bytes + BytesPerPermit - 1) / BytesPerPermit);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        wait.CancelAfter(QueueTimeout);
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(permits, wait.Token);
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return null;
        }

        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => limiter.Dispose();
}
