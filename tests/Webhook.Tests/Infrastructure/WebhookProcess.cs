using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>
/// The webhook as users run it: <c>dotnet CanaryGuard.Webhook.dll</c> from the test output folder, or the executable
/// CANARYGUARD_WEBHOOK_EXECUTABLE names (a NativeAOT publish, to run the same tests against the shipped build), a
/// process of its own (so memory limits and RSS are its own), with <c>--dev</c> certificates whose CA is read from
/// its banner.
/// </summary>
public sealed class WebhookProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines;
    private readonly X509Certificate2 authority;

    private WebhookProcess(Process process, ConcurrentQueue<string> lines, Uri admission, Uri health, X509Certificate2 authority)
    {
        this.process = process;
        this.lines = lines;
        this.authority = authority;
        AdmissionAddress = admission;
        HealthAddress = health;
    }

    private static string? Executable => Environment.GetEnvironmentVariable("CANARYGUARD_WEBHOOK_EXECUTABLE") is { Length: > 0 } path ? path : null;

    public Uri AdmissionAddress { get; }

    public Uri HealthAddress { get; }

    public bool HasExited => process.HasExited;

    public IReadOnlyList<string> Output => [.. lines];

    /// <summary>The server's resident set, from /proc.</summary>
    public long ResidentBytes => 1024 * long.Parse(
        File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))["VmRSS:".Length..].Trim().Split(' ')[0],
        CultureInfo.InvariantCulture);

    /// <summary>Runs <c>--dev --no-cluster</c> on free loopback ports with <paramref name="args"/>, until it logs where it listens and prints its CA.</summary>
    public static async Task<WebhookProcess> StartAsync(IReadOnlyList<string>? args = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = Program(["--dev", "--no-cluster", "--port", "0", "--health-port", "0", .. args ?? []]);

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var lines = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => lines.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => lines.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var output = lines.ToArray();
                var listening = output.FirstOrDefault(l => l.Contains("\"EventId\":30,", StringComparison.Ordinal));
                var bundleAt = Array.FindIndex(output, l => l.Contains("caBundle (the CA certificate", StringComparison.Ordinal));
                if (listening is not null && bundleAt >= 0 && bundleAt + 1 < output.Length)
                {
                    using var log = JsonDocument.Parse(listening);
                    var state = log.RootElement.GetProperty("State");
                    var pem = Encoding.ASCII.GetString(Convert.FromBase64String(output[bundleAt + 1].TrimStart('#', ' ')));
                    return new WebhookProcess(process, lines, Reachable(state.GetProperty(nameof(AdmissionAddress)).GetString()!), Reachable(state.GetProperty(nameof(HealthAddress)).GetString()!), X509Certificate2.CreateFromPem(pem));
                }

                Assert.False(process.HasExited, $"the webhook exited {(process.HasExited ? process.ExitCode : 0)}:\n{string.Join('\n', output)}");
                Assert.True(DateTime.UtcNow < deadline, $"the webhook did not start within 60 s:\n{string.Join('\n', output)}");
                await Task.Delay(50);
            }
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Runs the program with <paramref name="args"/> to its end.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = Program(args);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Whether the dev CA this process printed issued <paramref name="certificate"/>.</summary>
    public bool Issued(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        return chain.Build(presented);
    }

    public HttpClient NewClient()
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => Issued(certificate);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        authority.Dispose();
    }

    private static ProcessStartInfo Program(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Executable ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in Executable is null ? args.Prepend(Path.Combine(AppContext.BaseDirectory, "CanaryGuard.Webhook.dll")) : args)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>The logged address, with a wildcard host replaced by loopback to connect to.</summary>
    private static Uri Reachable(string logged) =>
        new(logged.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://[::]:", "://[::1]:", StringComparison.Ordinal));
}
