using System.Net;
using CanaryGuard.Webhook.Hosting;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tls;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Tests.Reliability;

/// <summary>Starting without a usable certificate is not a crash loop: the server runs, is not ready, and says why.</summary>
public sealed class CertificateStartupTests
{
    [Fact]
    public async Task A_missing_certificate_starts_not_ready_with_a_clear_log_line_and_becomes_ready_when_written()
    {
        using var folder = new TempFolder();
        var logs = new CapturedLogs();
        await using var server = await WebhookServer.StartAsync(Options(folder, logs));
        using var health = new HttpClient();

        using (var notReady = await health.GetAsync(new Uri(server.HealthAddress, "/readyz")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("not ready: no valid serving certificate\n", await notReady.Content.ReadAsStringAsync());
        }

        var line = Assert.Single(logs.Entries, e => e.EventId == 22);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.StartsWith($"no serving certificate: {folder.File("tls.crt")} not loaded (", line.Message, StringComparison.Ordinal);
        Assert.EndsWith("); /readyz reports not ready until a valid pair is written there", line.Message, StringComparison.Ordinal);
        using (var alive = await health.GetAsync(new Uri(server.HealthAddress, "/healthz")))
        {
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        using var certificates = DevCertificates.Create();
        certificates.WriteServingPem(folder.File("tls.crt"), folder.File("tls.key"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var ready = await health.GetAsync(new Uri(server.HealthAddress, "/readyz"));
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the certificate written after start was not picked up within 10 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_expired_certificate_is_named_in_an_error_log_line()
    {
        await using var webhook = await RunningWebhook.StartAsync(policy: null, certificateValidity: TimeSpan.FromMinutes(-1));

        var line = Assert.Single(webhook.Logs.Entries, e => e.EventId == 23);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.StartsWith($"serving certificate {webhook.CertificatePath} is not valid now (valid from ", line.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await webhook.GetHealthAsync("/readyz")).Status);
    }

    [Fact]
    public async Task Dev_mode_keeps_its_ca_in_memory_and_writes_no_file()
    {
        using var folder = new TempFolder();
        using var dev = DevCertificates.Create();
        var logs = new CapturedLogs();

        await using (var server = await WebhookServer.StartAsync(Options(folder, logs) with { Dev = true }, dev))
        {
            using var health = new HttpClient();
            using var ready = await health.GetAsync(new Uri(server.HealthAddress, "/readyz"));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.FullPath));
        var caPem = dev.Authority.ExportCertificatePem();
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(caPem[30..90], StringComparison.Ordinal));
    }

    private static WebhookOptions Options(TempFolder folder, CapturedLogs logs) => new()
    {
        Address = IPAddress.Loopback,
        AdmissionPort = 0,
        HealthPort = 0,
        TlsCertificatePath = folder.File("tls.crt"),
        TlsKeyPath = folder.File("tls.key"),
        RecheckInterval = TimeSpan.FromMilliseconds(200),
        ConfigureLogging = logging => logging.AddProvider(logs),
    };
}
