using CanaryGuard.Rules.Model;
using CanaryGuard.Webhook.Hosting;
using CanaryGuard.Webhook.Tls;

namespace CanaryGuard.Webhook.Tests.Hosting;

public sealed class DevModeTests
{
    [Fact]
    public void The_dev_certificate_names_loopback_and_chains_to_the_printed_ca()
    {
        using var dev = DevCertificates.Create();

        Assert.True(dev.Issued(dev.Serving));
        Assert.True(dev.Serving.HasPrivateKey);
        Assert.True(dev.Serving.MatchesHostname("localhost"));
        Assert.True(dev.Serving.MatchesHostname("127.0.0.1"));
        var pem = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(dev.CaBundle));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem, StringComparison.Ordinal);
        using var otherCa = DevCertificates.Create();
        Assert.False(otherCa.Issued(dev.Serving));
    }

    [Fact]
    public void The_banner_is_yaml_with_both_webhook_configurations_pointing_at_127_0_0_1()
    {
        using var dev = DevCertificates.Create();

        var banner = WebhookServer.DevBanner(dev, 8443);

        Assert.Contains(dev.CaBundle, banner, StringComparison.Ordinal);
        var file = YamlManifestReader.Read("dev.yaml", banner);
        Assert.Empty(file.Problems);
        var resources = KubernetesResource.FromFile(file).ToList();
        Assert.Equal(["ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"], resources.Select(r => r.Kind));
        var urls = resources.SelectMany(r => r.Root.Sequence("webhooks")!.Items)
            .Select(w => ((Rules.Model.MappingNode)w).Mapping("clientConfig")!.String("url")).ToList();
        Assert.Equal(["https://127.0.0.1:8443/validate", "https://127.0.0.1:8443/mutate/namespace", "https://127.0.0.1:8443/mutate"], urls);
    }

    [Fact]
    public void The_command_line_sets_the_options()
    {
        var options = WebhookCommandLine.Parse(["--dev", "--port", "9443", "--health-port", "9081", "--policy", "p.yaml", "--drain-seconds", "4", "--client-ca=ca.crt", "--max-connections", "50"]);

        Assert.True(options.Dev);
        Assert.Equal(9443, options.AdmissionPort);
        Assert.Equal(9081, options.HealthPort);
        Assert.Equal("p.yaml", options.PolicyPath);
        Assert.Equal("/etc/canaryguard/tls/tls.crt", options.TlsCertificatePath);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), options.DrainPeriod);
        Assert.Equal("ca.crt", options.ClientCaPath);
        Assert.Equal(50, options.MaxConnections);
    }

    [Theory]
    [InlineData("--dev", null, "127.0.0.1")]
    [InlineData("--dev", "0.0.0.0", "0.0.0.0")]
    [InlineData(null, null, "0.0.0.0")]
    [InlineData(null, "::1", "::1")]
    public void Dev_mode_listens_on_loopback_unless_the_address_says_otherwise(string? dev, string? address, string expected)
    {
        string[] args = [.. dev is null ? [] : new[] { dev }, .. address is null ? [] : new[] { "--address", address }];

        Assert.Equal(System.Net.IPAddress.Parse(expected), WebhookCommandLine.Parse(args).Address);
    }

    [Theory]
    [InlineData("--port", "http")]
    [InlineData("--bogus")]
    [InlineData("--tls-cert")]
    [InlineData("--drain-seconds", "10")]
    [InlineData("--drain-seconds", "-1")]
    [InlineData("--address", "localhost")]
    [InlineData("--max-connections", "0")]
    public void Bad_command_lines_are_refused(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => WebhookCommandLine.Parse(args));
    }
}
