using System.Collections.Concurrent;
using System.Net;

namespace CanaryGuard.Webhook.Tests.Reliability;

/// <summary>
/// In-process load on loopback: <paramref name="loops"/> loops, each with its own client from
/// <paramref name="newClient"/>, posting admission reviews to <paramref name="target"/> one after another until
/// stopped, counting every outcome.
/// </summary>
public sealed class LoadGenerator(Func<HttpClient> newClient, Uri target, IReadOnlyList<string> bodies, int loops) : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> failures = new();
    private List<Task> running = [];
    private int answered;
    private int closedByServer;

    /// <summary>Reviews answered with 200 and a decision.</summary>
    public int Answered => answered;

    /// <summary>Of those, the answers whose response said <c>Connection: close</c>.</summary>
    public int ClosedByServer => closedByServer;

    /// <summary>Everything else: another status, a reset, a refused or truncated connection, a timeout.</summary>
    public IReadOnlyCollection<string> Failures => failures;

    public void Start() => running = [.. Enumerable.Range(0, loops).Select(loop => Task.Run(() => Loop(loop)))];

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    public void Dispose() => stop.Dispose();

    private async Task Loop(int loop)
    {
        using var client = newClient();
        for (var i = loop; !stop.IsCancellationRequested; i++)
        {
            try
            {
                using var content = new StringContent(bodies[i % bodies.Count], System.Text.Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(target, content);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || !text.Contains("\"allowed\":", StringComparison.Ordinal))
                {
                    failures.Enqueue($"HTTP {(int)response.StatusCode}: {text}");
                    continue;
                }

                Interlocked.Increment(ref answered);
                if (response.Headers.ConnectionClose == true)
                {
                    Interlocked.Increment(ref closedByServer);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
            {
                failures.Enqueue($"{exception.GetType().Name}: {exception.Message} ({exception.InnerException?.Message})");
            }
        }
    }
}
