using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Hosting;

/// <summary>
/// The first phase of a shutdown, before Kestrel closes its listeners: for the drain period the server keeps
/// answering, <c>/readyz</c> reports not ready and every HTTP/1.x response says <c>Connection: close</c>. A client
/// then ends each kept-alive connection after its current response instead of reusing it, so when Kestrel stops
/// no idle connection is left for a client to write its next request onto as the server closes it (HTTP/1.1's
/// idle-close race, which a client sees as a reset). HTTP/2 needs no help: Kestrel's stop sends GOAWAY, which
/// tells the client which streams were not processed.
/// </summary>
/// <remarks>
/// The host calls <see cref="StoppingAsync"/> before it stops any hosted service (Kestrel included), on SIGTERM
/// and on <c>StopAsync</c> alike, with a token that fires at <c>HostOptions.ShutdownTimeout</c>: the drain is the
/// first part of that budget, the reviews still in flight when the listeners close get the rest.
/// </remarks>
internal sealed class ShutdownDrain(TimeSpan period, ILogger logger) : IHostedLifecycleService
{
    private int started;

    public bool IsDraining => Volatile.Read(ref started) == 1;

    /// <summary>Marks an HTTP/1.x response to close its connection once the drain has begun.</summary>
    public void CloseConnectionWhileDraining(HttpContext context)
    {
        if (IsDraining && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // A second stop (the dispose after a SIGTERM) has nothing left to drain.
        if (Interlocked.Exchange(ref started, 1) == 1 || period <= TimeSpan.Zero)
        {
            return;
        }

        Log.Draining(logger, period.TotalSeconds);
        try
        {
            await Task.Delay(period, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out first: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
