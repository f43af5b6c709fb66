using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CanaryGuard.Tests.Shared;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package, which .ci/run installs) on a loopback port with a data folder
/// of its own, optionally holding series backfilled from OpenMetrics text with <c>promtool</c> before it starts.
/// </summary>
public sealed class RealPrometheus : IDisposable
{
    private const string Binary = "/usr/bin/prometheus";
    private const string PromTool = "/usr/bin/promtool";

    private readonly Process process;
    private readonly string folder;

    private RealPrometheus(Process process, string folder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
    }

    /// <summary>The server's base address (http://127.0.0.1:port/).</summary>
    public Uri Address { get; }

    /// <summary>Starts Prometheus with the series of <paramref name="openMetrics"/> (none when null) and waits until it is ready.</summary>
    public static RealPrometheus Start(string? openMetrics = null)
    {
        if (!File.Exists(Binary) || !File.Exists(PromTool))
        {
            throw new InvalidOperationException($"these tests run a real Prometheus: {Binary} and {PromTool} are missing. Install Debian's package (apt-get install prometheus; .ci/run installs it).");
        }

        var folder = Directory.CreateTempSubdirectory("canaryguard-prometheus-").FullName;
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(data);
        if (openMetrics is not null)
        {
            var input = Path.Combine(folder, "series.om");
            File.WriteAllText(input, openMetrics);
            var backfill = ProcessRunner.Run(PromTool, ["tsdb", "create-blocks-from", "openmetrics", input, data], timeout: TimeSpan.FromMinutes(2));
            if (backfill.ExitCode != 0)
            {
                throw new InvalidOperationException($"promtool could not backfill the test series: {backfill}");
            }
        }

        var config = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 1h\n");
        var port = FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=100y", "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        process.OutputDataReceived += (_, _) => { };
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RealPrometheus(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        server.WaitUntilReady(log);
        return server;
    }

    /// <summary>Stops the server (the data folder stays until <see cref="Dispose"/>).</summary>
    public void Stop()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the killed process: the temp folder is cleaned up by the system.
        }
    }

    private void WaitUntilReady(System.Collections.Concurrent.ConcurrentQueue<string> log)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode}: {string.Join('\n', log)}");
            }

            try
            {
                using var response = client.GetAsync(new Uri(Address, "-/ready")).GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy loading blocks.
            }

            Thread.Sleep(200);
        }

        Dispose();
        throw new TimeoutException($"prometheus was not ready within two minutes: {string.Join('\n', log)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
