using System.Diagnostics;
using System.Globalization;
using System.Text;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Webhook.Tests.Hosting;
using CanaryGuard.Webhook.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CanaryGuard.Webhook.Tests.Reliability;

/// <summary>Runs alone: the soak measures process-wide threads and memory.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakDefinition
{
    public const string Name = "soak";
}

/// <summary>
/// The real server under load while its certificate is rotated twice and its policy reloaded once good and once
/// broken; and shut down while reviews are in flight. Bounded to about 10 s by default; CANARYGUARD_SOAK_SECONDS
/// sets a longer soak (docs/reliability.md).
/// </summary>
[Collection(SoakDefinition.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int Loops = 8;

    private static readonly string[] Bodies =
    [
        Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)).ToJsonString(),
        Reviews.Review(Reviews.Canary(Reviews.AnalysisWithoutChecks)).ToJsonString(),
        Reviews.Review(Reviews.RecordedDeployment()).ToJsonString(),
    ];

    private static TimeSpan SoakDuration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("CANARYGUARD_SOAK_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 10);

    [Fact]
    public async Task Under_load_two_certificate_rotations_and_two_policy_reloads_fail_no_request()
    {
        await using var webhook = await RunningWebhook.StartAsync(recheckInterval: TimeSpan.FromMilliseconds(200));
        using var load = new LoadGenerator(webhook, Bodies, Loops);
        load.Start();
        await Task.Delay(TimeSpan.FromSeconds(1)); // warm-up: JIT, thread pool, first handshakes
        var (threadsBefore, memoryBefore) = Footprint();
        var step = (SoakDuration - TimeSpan.FromSeconds(1)) / 5;

        await Task.Delay(step);
        var first = webhook.RotateCertificate().Serving.Thumbprint;
        await Until(() => webhook.SeenCertificates.Contains(first), "the first rotated certificate was not served");

        await Task.Delay(step);
        await webhook.WritePolicyAsync(RunningWebhook.IsolatingPolicy + "\nadmission: { denyAt: none }\n");
        await Until(() => webhook.Server.Policies.Current.Admission.DenyAt == DiagnosticSeverity.None, "the good policy was not loaded");

        await Task.Delay(step);
        var second = webhook.RotateCertificate().Serving.Thumbprint;
        await Until(() => webhook.SeenCertificates.Contains(second), "the second rotated certificate was not served");

        await Task.Delay(step);
        await webhook.WritePolicyAsync("admission: { denyAt: sometimes }\n");
        await Until(() => webhook.Server.Metrics.PolicyReloads.Value("failure") == 1, "the broken policy was not rejected");

        await Task.Delay(step);
        await load.StopAsync();
        var (threadsAfter, memoryAfter) = Footprint();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{SoakDuration.TotalSeconds} s, {Loops} loops: {load.Succeeded} reviews ({load.Succeeded / SoakDuration.TotalSeconds:F0}/s), p50 {load.LatencyPercentile(0.5):F1} ms, p99 {load.LatencyPercentile(0.99):F1} ms; threads {threadsBefore} -> {threadsAfter}; managed heap {memoryBefore / 1e6:F1} -> {memoryAfter / 1e6:F1} MB"));
        Assert.Empty(load.Failures);
        Assert.Equal(0, load.ServerErrors);
        Assert.Equal(0, load.Refused);
        Assert.True(load.Succeeded > 100, $"only {load.Succeeded} reviews answered");
        Assert.Equal(second, webhook.Server.Certificates.Current!.Thumbprint);
        Assert.Equal(DiagnosticSeverity.None, webhook.Server.Policies.Current.Admission.DenyAt);
        Assert.True(threadsAfter <= threadsBefore + 64, $"threads grew from {threadsBefore} to {threadsAfter}");
        Assert.True(memoryAfter - memoryBefore < 64_000_000, $"the managed heap grew from {memoryBefore} to {memoryAfter} bytes");
    }

    [Fact]
    public async Task Stopping_under_load_completes_every_review_in_flight_and_resets_none()
    {
        var webhook = await RunningWebhook.StartAsync();
        await using var _ = webhook;
        var body = Encoding.UTF8.GetBytes(Bodies[0]);
        using var client = webhook.NewClient();
        var halfSent = Enumerable.Range(0, 16).Select(_ => new TaskCompletionSource()).ToList();
        var release = new TaskCompletionSource();
        var inFlight = halfSent.Select(sent => client.PostAsync(new Uri(webhook.Server.AdmissionAddress, "/validate"), new ShutdownTests.SlowContent(body, sent, release.Task))).ToList();
        await Task.WhenAll(halfSent.Select(s => s.Task)).WaitAsync(TimeSpan.FromSeconds(10));
        using var load = new LoadGenerator(webhook, Bodies, Loops);
        load.Start(stopOnRefusal: true);
        await Task.Delay(1000);

        var stopping = webhook.Server.StopAsync();
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        var responses = await Task.WhenAll(inFlight).WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        await load.WhenEnded(TimeSpan.FromSeconds(10));

        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("\"allowed\":true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        // Every review the server read was answered: its decision log lines match the answers clients got. A
        // request written onto a kept-alive connection in the instant the server closes it as idle, or a connection
        // still in the kernel's accept queue when the listener closes, is never read (HTTP/1.1's idle-close race;
        // in a cluster the pod leaves the Service endpoints first): it shows as ResponseEnded or a reset, is
        // counted, and must be the only kind of failure.
        var decided = webhook.Logs.Entries.Count(e => e.EventId == 1);
        output.WriteLine($"{load.Succeeded} reviews answered under load before the listener closed, {decided} decided by the server; {load.Failures.Count} idle-close races; {load.Refused} loops then refused");
        foreach (var failure in load.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.All(load.Failures, failure => Assert.Matches(@"\(ResponseEnded\)|Connection reset by peer", failure));
        Assert.Equal(load.Succeeded + responses.Length, decided);
        Assert.True(load.Succeeded > 0);
        Assert.Equal(Loops, load.Refused);
    }

    private static (int Threads, long ManagedBytes) Footprint()
    {
        using var process = Process.GetCurrentProcess();
        return (process.Threads.Count, GC.GetTotalMemory(forceFullCollection: true));
    }

    private static async Task Until(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure + " within 10 s");
            await Task.Delay(50);
        }
    }
}
