using System.Globalization;
using System.Text.RegularExpressions;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Webhook.Tests.Reliability;

/// <summary>What one wrk run reported; <see cref="Output"/> is its whole output, for failure messages.</summary>
public sealed record WrkReport(long Requests, long SocketErrors, long NotSuccessful, double P99Milliseconds, double RequestsPerSecond, string Output);

/// <summary>
/// The <c>wrk</c> load generator (Debian package <c>wrk</c>; .ci/run installs it) driving bench/wrk/admission.lua,
/// the script the benchmarks use: it POSTs one recorded AdmissionReview over keep-alive connections.
/// </summary>
public static partial class Wrk
{
    /// <summary>Runs wrk for <paramref name="duration"/>; fails the test when wrk is missing or does not end normally.</summary>
    public static async Task<WrkReport> RunAsync(Uri url, string bodyFile, TimeSpan duration, int connections, int reconnectEvery)
    {
        Assert.True(ProcessRunner.OnPath("wrk"), "wrk is not installed, and the soak drives the webhook with it: apt-get install -y wrk (.ci/run does this on a fresh machine)");
        string[] arguments =
        [
            "--threads", "1", "--connections", connections.ToString(CultureInfo.InvariantCulture),
            "--duration", string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalSeconds}s"),
            // Far above any answer's latency on a loaded machine: a slow answer is not a failure here, none is.
            "--timeout", "10s",
            "--script", RepositoryRoot.Combine("bench", "wrk", "admission.lua"), url.ToString(),
        ];
        var environment = new Dictionary<string, string>
        {
            ["BODY_FILE"] = bodyFile,
            ["CONNECTIONS"] = connections.ToString(CultureInfo.InvariantCulture),
            ["RECONNECT_EVERY"] = reconnectEvery.ToString(CultureInfo.InvariantCulture),
        };
        var result = await Task.Run(() => ProcessRunner.Run("wrk", arguments, environment: environment, timeout: duration + TimeSpan.FromMinutes(1)));
        Assert.True(result.ExitCode == 0, $"wrk failed: {result}");
        return Parse(result.Output);
    }

    /// <summary>Reads wrk's summary; the error lines appear only when there were errors.</summary>
    public static WrkReport Parse(string output)
    {
        var requests = RequestsLine().Match(output);
        var result = ResultLine().Match(output);
        Assert.True(requests.Success && result.Success, $"wrk's output has no request count or no RESULT line from admission.lua:\n{output}");
        var socketErrors = SocketErrorsLine().Match(output) is { Success: true } socket
            ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        var notSuccessful = NotSuccessfulLine().Match(output) is { Success: true } status ? long.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkReport(
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            socketErrors,
            notSuccessful,
            double.Parse(result.Groups["p99"].Value, CultureInfo.InvariantCulture),
            double.Parse(result.Groups["rps"].Value, CultureInfo.InvariantCulture),
            output);
    }

    [GeneratedRegex(@"^\s*(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NotSuccessfulLine();

    [GeneratedRegex(@"^RESULT (?<p50>[\d.]+),(?<p99>[\d.]+),(?<p999>[\d.]+),(?<rps>[\d.]+),(?<errors>\d+)$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();
}
