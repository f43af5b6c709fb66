using System.Net;
using System.Text;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Hosting;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_lets_an_in_flight_review_finish_and_then_refuses_new_connections()
    {
        var webhook = await RunningWebhook.StartAsync();
        await using var _ = webhook;
        var body = Encoding.UTF8.GetBytes(Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)).ToJsonString());
        var halfSent = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        using var client = webhook.NewClient();

        var inFlight = client.PostAsync(new Uri(webhook.Server.AdmissionAddress, "/validate"), new SlowContent(body, halfSent, release.Task));
        await halfSent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(1000); // let the server read the headers and the first half: the review is now in flight
        var stopping = webhook.Server.StopAsync();
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted);
        release.SetResult();

        using var response = await inFlight.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"allowed\":true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var fresh = webhook.NewClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.PostAsync(new Uri(webhook.Server.AdmissionAddress, "/validate"), new ByteArrayContent(body)));
    }

    [Fact]
    public async Task Draining_answers_reviews_with_connection_close_and_reports_not_ready_before_the_listeners_close()
    {
        var webhook = await RunningWebhook.StartAsync(drainPeriod: TimeSpan.FromSeconds(5));
        await using var _ = webhook;
        var review = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)).ToJsonString();
        using (var before = await webhook.PostAsync("/validate", review))
        {
            Assert.NotEqual(true, before.Headers.ConnectionClose);
        }

        var stopping = webhook.Server.StopAsync();
        var (status, text) = await webhook.GetHealthAsync("/readyz");
        using var during = await webhook.PostAsync("/validate", review);
        var healthy = await webhook.GetHealthAsync("/healthz");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: shutting down\n"), (status, text));
        Assert.Equal(HttpStatusCode.OK, healthy.Status);
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Contains("\"allowed\":true", await during.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(during.Headers.ConnectionClose, "a review answered while draining did not close its connection");
        Assert.False(stopping.IsCompleted);
        Assert.Contains(webhook.Logs.Entries, e => e.EventId == 31 && e.Message.Contains("draining for 5 s", StringComparison.Ordinal));
        await stopping.WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Sends half the body, signals, and sends the rest only when released: a review that is mid-request.</summary>
    internal sealed class SlowContent(byte[] body, TaskCompletionSource halfSent, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            halfSent.SetResult();
            await release;
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
