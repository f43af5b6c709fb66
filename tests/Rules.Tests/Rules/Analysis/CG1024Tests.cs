using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1024Tests
{
    private const string Match = """
            {|CG1024:match|}:
              - headers:
                  x-canary: {exact: insider}

        """;

    private static string Unmarked(string markup) => markup.Replace("{|CG1024:match|}", "match", StringComparison.Ordinal);

    [Fact]
    public void MatchWithStepWeight_IsReportedAtTheMatchKey() =>
        RuleVerifier.Verify(Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Match + Yaml.SafeChecks), "CG1024");

    [Fact]
    public void MatchWithTheKubernetesProvider_IsReportedEvenWithIterations() => RuleVerifier.Verify(
        CheckYaml.WithSpec(Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n" + Match + Yaml.SafeChecks), "  provider: kubernetes\n"),
        "CG1024");

    [Fact]
    public void TheMeshProviderOfThePolicy_Counts()
    {
        var policy = CanaryGuardPolicy.Default with { MeshProvider = "kubernetes" };
        RuleVerifier.Verify(Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n" + Match + Yaml.SafeChecks), policy, "CG1024");
    }

    [Fact]
    public void AnABTest_IsNotReported() =>
        RuleVerifier.Verify(Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n" + Unmarked(Match) + Yaml.SafeChecks), "CG1024");

    [Theory]
    [InlineData("portName: tcp")]
    [InlineData("portName: tcp-db")]
    [InlineData("appProtocol: tcp")]
    public void ABTestOnAnOpaqueTcpPort_IsReportedAtTheDeclaration(string declaration)
    {
        var (key, value) = (declaration[..declaration.IndexOf(':', StringComparison.Ordinal)], declaration[(declaration.IndexOf(':', StringComparison.Ordinal) + 2)..]);
        var text = Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n" + Unmarked(Match) + Yaml.SafeChecks)
            .Replace("  service: {port: 80}", $"  service:\n    port: 80\n    {{|CG1024:{key}|}}: {value}", StringComparison.Ordinal);
        var finding = Assert.Single(RuleVerifier.Verify(text, "CG1024").Diagnostics, d => d.Id == "CG1024");
        Assert.Equal($"match is never applied: service.{key} '{value}' declares a port the mesh routes as opaque TCP, without reading headers or cookies, so no request is matched to the canary", finding.Message);
    }

    [Theory]
    [InlineData("portName: http")]
    [InlineData("portName: grpc-web")]
    [InlineData("appProtocol: http")]
    public void ABTestOnAnHttpPort_IsNotReported(string declaration) => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n" + Unmarked(Match) + Yaml.SafeChecks)
            .Replace("  service: {port: 80}", $"  service:\n    port: 80\n    {declaration}", StringComparison.Ordinal),
        "CG1024");

    [Fact]
    public void Message_ExplainsWhatRunsInstead()
    {
        var weighted = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Unmarked(Match) + Yaml.SafeChecks), "CG1024");
        Assert.Equal(
            "match without iterations is not an A/B test: Flagger shifts weight step by step and only matching requests can reach the canary",
            weighted.Message);
        var dropped = RuleVerifier.Single(
            CheckYaml.WithSpec(Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n" + Unmarked(Match) + Yaml.SafeChecks), "  provider: kubernetes\n"),
            "CG1024");
        Assert.Equal("match is dropped by the kubernetes provider, which cannot route by header or cookie: no A/B test runs", dropped.Message);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n    # canaryguard-disable-next-line CG1024 -- weighted canary for insiders\n" + Unmarked(Match) + Yaml.SafeChecks),
        "CG1024",
        "weighted canary for insiders");
}
