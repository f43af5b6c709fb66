using System.Net;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_and_readiness_answer_on_the_plain_port_only()
    {
        await using var webhook = await RunningWebhook.StartAsync(policy: null);

        Assert.Equal((HttpStatusCode.OK, "ok\n"), await webhook.GetHealthAsync("/healthz"));
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await webhook.GetHealthAsync("/readyz"));
        using var overTls = await webhook.NewClient().GetAsync(new Uri(webhook.Server.AdmissionAddress, "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, overTls.StatusCode);
    }

    [Fact]
    public async Task An_expired_certificate_makes_the_server_not_ready_but_still_alive()
    {
        await using var webhook = await RunningWebhook.StartAsync(policy: null, certificateValidity: TimeSpan.FromMinutes(-1));

        Assert.Equal(HttpStatusCode.OK, (await webhook.GetHealthAsync("/healthz")).Status);
        var (status, body) = await webhook.GetHealthAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("no valid serving certificate", body, StringComparison.Ordinal);
    }
}
