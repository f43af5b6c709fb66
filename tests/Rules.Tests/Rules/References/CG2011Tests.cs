using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2011Tests
{
    private static string Template(string provider) => MetricTemplateSpec(provider + "  query: sum(x{pod=~\"{{ target }}.*\"})\n");

    [Fact]
    public void PrometheusWithAddress_IsNotReported() => RuleVerifier.Verify(MetricTemplate, "CG2011");

    [Fact]
    public void PrometheusWithoutAddress_IsReportedAtProvider() => RuleVerifier.Verify(Template("  {|CG2011:provider|}:\n    type: prometheus\n"), "CG2011");

    [Theory]
    [InlineData("type: cloudwatch", "region")]
    [InlineData("type: datadog", "secretRef")]
    [InlineData("type: newrelic", "secretRef")]
    [InlineData("type: dynatrace", "address and secretRef")]
    [InlineData("type: splunk\n    address: https://splunk.example", "secretRef")]
    public void ProviderWithoutItsSettings_NamesWhatIsMissing(string provider, string missing)
    {
        var finding = RuleVerifier.Single(Template("  provider:\n    " + provider + "\n"), "CG2011");
        var type = provider.Split('\n')[0]["type: ".Length..];
        Assert.Equal($"provider '{type}' has no {missing}: Flagger cannot query it, every check using this template fails and the canary is rolled back", finding.Message);
    }

    [Theory]
    [InlineData("type: cloudwatch\n    region: eu-west-1")]
    [InlineData("type: datadog\n    secretRef: {name: datadog}")]
    [InlineData("type: dynatrace\n    address: https://x.live.dynatrace.com\n    secretRef: {name: dt}")]
    [InlineData("type: graphite\n    address: http://graphite")]
    public void CompleteProviders_AreNotReported(string provider) => RuleVerifier.Verify(Template("  provider:\n    " + provider + "\n"), "CG2011");

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Template("  # canaryguard-disable-next-line CG2011 -- address patched by kustomize\n  provider:\n    type: prometheus\n");
        Assert.True(Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG2011").IsSuppressed);
    }
}
