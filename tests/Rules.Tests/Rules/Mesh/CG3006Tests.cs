using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Rules.References;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Mesh;

public sealed class CG3006Tests
{
    private static string PortNamed(string name) => Deployment.Edit("            - name: http\n", "            - " + name + "\n");

    [Fact]
    public void PortNameWithoutProtocol_IsReportedAtTheName() => RuleVerifier.Verify(
        Documents(Canary.Edit("targetPort: http", "targetPort: 8080"), PortNamed("{|CG3006:name|}: web")),
        "CG3006");

    [Theory]
    [InlineData("http")]
    [InlineData("http-metrics")]
    [InlineData("grpc")]
    [InlineData("tcp-db")]
    [InlineData("HTTP2")]
    public void ProtocolNames_AreNotReported(string name) => RuleVerifier.Verify(
        Documents(Canary.Edit("targetPort: http", "targetPort: 8080"), PortNamed("name: " + name)),
        "CG3006");

    [Fact]
    public void WorkloadWithoutIstioCanary_IsNotReported() => RuleVerifier.Verify(PortNamed("name: web"), "CG3006");

    [Fact]
    public void Message_ListsTheProtocols()
    {
        var finding = RuleVerifier.Single(Documents(Canary.Edit("targetPort: http", "targetPort: 8080"), PortNamed("name: web")), "CG3006");
        Assert.Equal("container port name 'web' does not start with an Istio protocol (http, http2, https, grpc, grpc-web, tcp, tls, mongo, mysql, redis, udp) alone or followed by '-': Istio has to guess the protocol", finding.Message);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Deployment.Edit("            - name: http\n", "            # canaryguard-disable-next-line CG3006 -- sniffing is fine here\n            - name: web\n");
        Assert.True(Assert.Single(RuleVerifier.Lint(Documents(Canary.Edit("targetPort: http", "targetPort: 8080"), text)).Diagnostics, d => d.Id == "CG3006").IsSuppressed);
    }
}
