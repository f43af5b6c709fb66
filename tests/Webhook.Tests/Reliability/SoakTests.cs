using System.Diagnostics;
using System.Globalization;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CanaryGuard.Webhook.Tests.Reliability;

/// <summary>Runs alone: the soak measures process-wide threads and memory, and load would skew other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakDefinition
{
    public const string Name = "soak";
}

/// <summary>
/// The real server (Kestrel, TLS from PEM files) under wrk while its certificate is rotated twice and its policy
/// reloaded once good and once broken. About 12 s by default; CANARYGUARD_SOAK_SECONDS sets a longer soak
/// (docs/reliability.md).
/// </summary>
[Collection(SoakDefinition.Name)]
public sealed class SoakTests(ITestOutputHelper output)
{
    private const int ConnectionsPerScenario = 8;

    /// <summary>Each wrk connection closes after this many requests, so new handshakes keep meeting the rotations.</summary>
    private const int RequestsPerConnection = 100;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    private static readonly (string Path, string Review)[] Scenarios =
    [
        ("/validate", "canary-create.validating.json"),
        ("/mutate", "deployment-create.mutating.json"),
    ];

    private static TimeSpan SoakDuration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("CANARYGUARD_SOAK_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 12);

    [SharedDataFact]
    public async Task Under_wrk_load_two_certificate_rotations_and_two_policy_reloads_fail_no_request()
    {
        // Warnings and errors only: a long soak's decision lines would otherwise fill this process's memory.
        await using var webhook = await RunningWebhook.StartAsync(recheckInterval: TimeSpan.FromMilliseconds(200), capturedLevel: LogLevel.Warning);
        var duration = SoakDuration;
        var runs = Scenarios
            .Select(s => Wrk.RunAsync(new Uri(webhook.Server.AdmissionAddress, s.Path), SharedData.Path("admission-reviews", s.Review), duration, ConnectionsPerScenario, RequestsPerConnection))
            .ToList();
        await Task.Delay(WarmUp); // JIT, thread pool, first handshakes
        var before = Footprint();
        // Six slices for five pauses: the last leaves room for the confirmations, which must all come under load.
        var step = (duration - WarmUp) / 6;

        await Task.Delay(step);
        var first = webhook.RotateCertificate().Serving.Thumbprint;
        await UntilServed(webhook, first);

        await Task.Delay(step);
        await webhook.WritePolicyAsync(RunningWebhook.IsolatingPolicy + "\nadmission: { denyAt: none }\n");
        await Until(() => webhook.Server.Policies.Current.Admission.DenyAt == DiagnosticSeverity.None, "the good policy was not loaded");

        await Task.Delay(step);
        var second = webhook.RotateCertificate().Serving.Thumbprint;
        await UntilServed(webhook, second);

        await Task.Delay(step);
        await webhook.WritePolicyAsync("admission: { denyAt: sometimes }\n");
        await Until(() => webhook.Server.Metrics.PolicyReloads.Value("failure") == 1, "the broken policy was not rejected");

        foreach (var ended in runs.Where(r => r.IsCompleted))
        {
            await ended; // a wrk that could not run says why
        }

        Assert.True(runs.TrueForAll(r => !r.IsCompleted), $"wrk ended before the last reload: set CANARYGUARD_SOAK_SECONDS above {duration.TotalSeconds}");
        var reports = await Task.WhenAll(runs);
        var after = Footprint();

        foreach (var (scenario, report) in Scenarios.Zip(reports))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scenario.Path} {scenario.Review}: {report.Requests} requests in {duration.TotalSeconds} s ({report.RequestsPerSecond:F0}/s), p99 {report.P99Milliseconds:F1} ms, socket errors {report.SocketErrors}, non-2xx {report.NotSuccessful}"));
            Assert.True(report.SocketErrors == 0 && report.NotSuccessful == 0, $"wrk saw failed requests on {scenario.Path}:\n{report.Output}");
            Assert.True(report.Requests > 100, $"only {report.Requests} requests on {scenario.Path}:\n{report.Output}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"after warm-up -> end: threads {before.Threads} -> {after.Threads}, RSS {before.ResidentBytes / 1e6:F1} -> {after.ResidentBytes / 1e6:F1} MB"));
        Assert.Equal(second, webhook.Server.Certificates.Current!.Thumbprint);
        Assert.Equal(DiagnosticSeverity.None, webhook.Server.Policies.Current.Admission.DenyAt);
        Assert.True(after.Threads <= before.Threads + 64, $"threads grew from {before.Threads} to {after.Threads}");
        Assert.True(after.ResidentBytes - before.ResidentBytes < 128_000_000, $"RSS grew from {before.ResidentBytes} to {after.ResidentBytes} bytes");
    }

    [Fact]
    public void Wrk_reports_are_read_with_their_errors()
    {
        const string Failing = """
            Running 10s test @ https://127.0.0.1:8443/validate
              1 threads and 8 connections
              20567 requests in 10.01s, 12.34MB read
              Socket errors: connect 1, read 2, write 3, timeout 4
              Non-2xx or 3xx responses: 5
            Requests/sec:   2054.69
            RESULT 3.100,21.500,40.000,2055,15
            """;

        var report = Wrk.Parse(Failing);

        Assert.Equal((20567, 10, 5, 21.5, 2055), (report.Requests, report.SocketErrors, report.NotSuccessful, report.P99Milliseconds, report.RequestsPerSecond));
    }

    private static (int Threads, long ResidentBytes) Footprint()
    {
        using var process = Process.GetCurrentProcess();
        return (process.Threads.Count, process.WorkingSet64);
    }

    /// <summary>Posts reviews on fresh connections until one handshake shows the certificate.</summary>
    private static async Task UntilServed(RunningWebhook webhook, string thumbprint)
    {
        var review = Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep));
        await Until(() => webhook.SeenCertificates.Contains(thumbprint), $"certificate {thumbprint} was not served", async () =>
        {
            await webhook.ReviewAsync("/validate", review);
            await Task.Delay(250); // past the client's 200 ms connection lifetime: the next review shakes hands anew
        });
    }

    private static async Task Until(Func<bool> condition, string failure, Func<Task>? between = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure + " within 10 s");
            await (between?.Invoke() ?? Task.Delay(50));
        }
    }
}
