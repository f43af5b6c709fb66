using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Reliability;

/// <summary>
/// An in-process load generator on loopback: N loops, each with its own client whose connections live 200 ms
/// (so handshakes keep happening), posting admission reviews until stopped, counting every outcome.
/// </summary>
public sealed class LoadGenerator(RunningWebhook webhook, IReadOnlyList<string> bodies, int loops) : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentBag<double> latencies = [];
    private readonly ConcurrentQueue<string> failures = new();
    private List<Task> running = [];
    private int ok;
    private int serverErrors;
    private int refused;

    public int Succeeded => ok;

    public int ServerErrors => serverErrors;

    /// <summary>Connections refused because the listener was closed (only expected after a shutdown began).</summary>
    public int Refused => refused;

    /// <summary>Anything else: a non-200 status, a reset, a truncated response, a timeout.</summary>
    public IReadOnlyCollection<string> Failures => failures;

    public double LatencyPercentile(double percentile)
    {
        var sorted = latencies.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * percentile))];
    }

    /// <summary>Starts the loops; <paramref name="stopOnRefusal"/> ends a loop at its first refused connection.</summary>
    public void Start(bool stopOnRefusal = false) =>
        running = [.. Enumerable.Range(0, loops).Select(loop => Task.Run(() => Loop(loop, stopOnRefusal)))];

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    public void Dispose() => stop.Dispose();

    /// <summary>Waits for the loops to end by themselves (after refusals), within <paramref name="limit"/>.</summary>
    public Task WhenEnded(TimeSpan limit) => Task.WhenAll(running).WaitAsync(limit);

    private async Task Loop(int loop, bool stopOnRefusal)
    {
        using var client = webhook.NewClient();
        for (var i = loop; !stop.IsCancellationRequested; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                using var response = await webhook.PostAsync("/validate", bodies[i % bodies.Count], client);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && text.Contains("\"allowed\":", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref ok);
                    latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    continue;
                }

                if ((int)response.StatusCode >= 500)
                {
                    Interlocked.Increment(ref serverErrors);
                }

                failures.Enqueue($"HTTP {(int)response.StatusCode}: {text}");
            }
            catch (HttpRequestException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                Interlocked.Increment(ref refused);
                if (stopOnRefusal)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
            {
                failures.Enqueue($"{exception.GetType().Name}: {exception.Message} ({exception.InnerException?.Message})");
            }
        }
    }
}
