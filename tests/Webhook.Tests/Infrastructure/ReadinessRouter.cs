using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>
/// Webhook replicas behind one name, routed the way a Kubernetes Service routes a rollout: each new connection goes
/// to the first replica still in the endpoints. A replica leaves them <paramref name="endpointLag"/> after a probe
/// of its <c>/readyz</c> first failed (endpoint updates reach clients late), and never comes back: it is shutting
/// down. Established connections stay where they are, as connection tracking keeps them.
/// </summary>
public sealed class ReadinessRouter(IReadOnlyList<RunningWebhook> replicas, TimeSpan endpointLag)
{
    private readonly ConcurrentDictionary<RunningWebhook, long> notReadySince = new();
    private readonly ConcurrentDictionary<RunningWebhook, int> connections = new();

    /// <summary>An admission address; the router, not the address, decides which replica answers.</summary>
    public Uri Address(string path) => new(replicas[0].Server.AdmissionAddress, path);

    public int ConnectionsTo(RunningWebhook replica) => connections.GetValueOrDefault(replica);

    /// <summary>A client with default keep-alive (connections are reused until the server closes them) that trusts every replica.</summary>
    public HttpClient NewClient()
    {
        var handler = new SocketsHttpHandler { ConnectCallback = ConnectAsync };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && replicas.Any(r => r.Trusts(certificate));
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        foreach (var replica in replicas)
        {
            if (!await IsInEndpointsAsync(replica))
            {
                continue;
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, replica.Server.AdmissionAddress.Port, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            connections.AddOrUpdate(replica, 1, (_, count) => count + 1);
            return new NetworkStream(socket, ownsSocket: true);
        }

        throw new HttpRequestException("no replica left in the endpoints");
    }

    private async Task<bool> IsInEndpointsAsync(RunningWebhook replica)
    {
        if (notReadySince.TryGetValue(replica, out var since))
        {
            return Stopwatch.GetElapsedTime(since) < endpointLag;
        }

        bool ready;
        try
        {
            ready = (await replica.GetHealthAsync("/readyz")).Status == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            ready = false; // the health listener is closed: the replica is gone
        }

        if (ready)
        {
            return true;
        }

        notReadySince.TryAdd(replica, Stopwatch.GetTimestamp());
        return endpointLag > TimeSpan.Zero;
    }
}
