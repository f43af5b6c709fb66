using System.Globalization;
using System.Net;
using System.Text;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Tests.Hosting;
using CanaryGuard.Webhook.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CanaryGuard.Webhook.Tests.Reliability;

/// <summary>
/// One of two replicas stopped the way SIGTERM stops it (<c>WebhookServer.StopAsync</c>, the host's stop that the
/// signal handler runs) while clients keep posting: no client request fails.
/// </summary>
[Collection(SoakDefinition.Name)]
public sealed class ShutdownUnderLoadTests(ITestOutputHelper output)
{
    private const int Loops = 8;
    private const int HeldReviews = 16;

    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    /// <summary>Endpoints follow readiness this late; under the drain, so the drain covers it.</summary>
    private static readonly TimeSpan EndpointLag = TimeSpan.FromMilliseconds(500);

    private static readonly string[] Bodies =
    [
        Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)).ToJsonString(),
        Reviews.Review(Reviews.Canary(Reviews.AnalysisWithoutChecks)).ToJsonString(),
        Reviews.Review(Reviews.RecordedDeployment()).ToJsonString(),
    ];

    [SharedDataFact]
    public async Task Stopping_a_replica_under_load_fails_no_request_and_completes_every_review_in_flight()
    {
        await using var stopped = await RunningWebhook.StartAsync(drainPeriod: Drain);
        await using var remaining = await RunningWebhook.StartAsync();
        var router = new ReadinessRouter([stopped, remaining], EndpointLag);
        using var heldClient = router.NewClient();
        var halfSent = Enumerable.Range(0, HeldReviews).Select(_ => new TaskCompletionSource()).ToList();
        var release = new TaskCompletionSource();
        var body = Encoding.UTF8.GetBytes(Bodies[0]);
        var held = halfSent.Select(sent => heldClient.PostAsync(router.Address("/validate"), new ShutdownTests.SlowContent(body, sent, release.Task))).ToList();
        await Task.WhenAll(halfSent.Select(s => s.Task)).WaitAsync(TimeSpan.FromSeconds(10));
        using var load = new LoadGenerator(router.NewClient, router.Address("/validate"), Bodies, Loops);
        load.Start();
        await Task.Delay(1000); // every loop on a kept-alive connection to the replica about to stop

        var decidedBeforeStop = Decisions(stopped);
        var stopping = stopped.Server.StopAsync();
        await Task.Delay(Drain + TimeSpan.FromMilliseconds(500)); // past the drain: the listeners have closed
        Assert.False(stopping.IsCompleted, "the stop did not wait for the reviews in flight");
        release.SetResult();
        var heldResponses = await Task.WhenAll(held).WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        var answeredWhenStopped = load.Answered;
        await Task.Delay(500);
        await load.StopAsync();

        var decidedWhileStopping = Decisions(stopped) - decidedBeforeStop - HeldReviews;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{load.Answered} reviews answered ({load.Answered - answeredWhenStopped} after the stop), {decidedWhileStopping} of them by the stopping replica while it drained, {load.ClosedByServer} with Connection: close; connections: {router.ConnectionsTo(stopped)} to the stopped replica, {router.ConnectionsTo(remaining)} to the remaining one; {load.Failures.Count} failed"));
        foreach (var failure in load.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.Empty(load.Failures);
        foreach (var response in heldResponses)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("\"allowed\":true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // Every review a replica decided reached its client: none was read and then lost with its connection.
        Assert.Equal(load.Answered + HeldReviews, Decisions(stopped) + Decisions(remaining));
        Assert.True(decidedWhileStopping > 0, "the stopping replica answered no new review while it drained");
        Assert.True(load.ClosedByServer > 0, "no answer asked the client to close its connection");
        Assert.True(load.Answered > answeredWhenStopped, "the load did not carry on against the remaining replica");
    }

    private static int Decisions(RunningWebhook webhook) => webhook.Logs.Entries.Count(e => e.EventId == 1);
}
