using System.Net;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Hosting;

public sealed class CertificateReloadTests
{
    [Fact]
    public async Task A_rotated_certificate_is_served_to_new_connections_while_requests_keep_succeeding()
    {
        await using var webhook = await RunningWebhook.StartAsync(recheckInterval: TimeSpan.FromMilliseconds(500));
        var original = webhook.Certificates.Serving.Thumbprint;
        var body = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)).ToJsonString();
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var successes = 0;

        async Task Load()
        {
            using var client = webhook.NewClient();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await webhook.PostAsync("/validate", body, client);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref successes);
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }

        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(Load)).ToList();
        await Task.Delay(300);
        var rotated = webhook.RotateCertificate().Serving.Thumbprint;

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (webhook.Server.Certificates.Current?.Thumbprint != rotated || !webhook.SeenCertificates.Contains(rotated))
        {
            Assert.True(DateTime.UtcNow < deadline, "the rotated certificate was not served within 15 s");
            await Task.Delay(100);
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.NotEqual(original, rotated);
        Assert.Equal(0, failures);
        Assert.True(successes > 0);
        Assert.Contains(webhook.Logs.Entries, e => e.EventId == 20 && e.Message.Contains(rotated, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_half_written_certificate_pair_is_refused_and_the_old_one_stays()
    {
        await using var webhook = await RunningWebhook.StartAsync(recheckInterval: TimeSpan.FromMilliseconds(200));
        var original = webhook.Server.Certificates.Current!.Thumbprint;

        await File.WriteAllTextAsync(webhook.KeyPath, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        Assert.False(webhook.Server.Certificates.Reload());
        Assert.Equal(original, webhook.Server.Certificates.Current!.Thumbprint);
        Assert.Contains(webhook.Logs.Entries, e => e.EventId == 21);
        var (status, _) = await webhook.GetHealthAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
