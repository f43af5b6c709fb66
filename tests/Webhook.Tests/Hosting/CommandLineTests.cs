using System.Reflection;
using CanaryGuard.Webhook.Hosting;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Hosting;

/// <summary>The command line of the built program, run as a process.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Version_prints_the_assemblys_informational_version()
    {
        var expected = typeof(WebhookServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var (exitCode, output, _) = await WebhookProcess.RunAsync("--version");

        Assert.Equal((0, expected), (exitCode, output.Trim()));
    }

    [Fact]
    public async Task Help_lists_every_option()
    {
        var (exitCode, output, _) = await WebhookProcess.RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var option in new[] { "--tls-cert", "--tls-key", "--client-ca", "--dev", "--policy", "--port", "--health-port", "--address", "--max-connections", "--drain-seconds", "--no-cluster", "--help", "--version" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bad_command_line_exits_2_saying_why()
    {
        var (exitCode, output, error) = await WebhookProcess.RunAsync("--port", "https");

        Assert.Equal((2, string.Empty), (exitCode, output));
        Assert.Contains("canaryguard-webhook: --port: 'https' is not a port number", error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    /// <summary>Issue 16: --dev listened on every interface, and the log named 127.0.0.1 whatever was bound.</summary>
    [Theory]
    [InlineData(null, "https://127.0.0.1:")]
    [InlineData("0.0.0.0", "https://0.0.0.0:")]
    public async Task Dev_mode_binds_loopback_unless_told_otherwise_and_logs_the_address_bound(string? address, string logged)
    {
        await using var webhook = await WebhookProcess.StartAsync(address is null ? [] : ["--address", address]);

        var listening = Assert.Single(webhook.Output, l => l.Contains("\"EventId\":30,", StringComparison.Ordinal));
        Assert.Contains($"\"AdmissionAddress\":\"{logged}{webhook.AdmissionAddress.Port}", listening, StringComparison.Ordinal);
        using var client = webhook.NewClient();
        using var response = await client.GetAsync(new Uri(webhook.HealthAddress, "/healthz"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
