using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2008Tests
{
    private const string BuiltinMetrics = "  analysis:\n    metrics:\n      - name: request-success-rate\n        thresholdRange: {min: 99}\n";

    [Fact]
    public void NamedTargetPortDeclaredByAContainer_IsNotReported() => RuleVerifier.Verify(Documents(Canary, Deployment), "CG2008");

    [Fact]
    public void NamedTargetPortNoContainerDeclares_IsAnError()
    {
        RuleVerifier.Verify(Documents(Canary.Edit("    targetPort: http", "    {|CG2008:targetPort|}: web"), Deployment), "CG2008");
        var finding = RuleVerifier.Single(Documents(Canary.Edit("targetPort: http", "targetPort: web"), Deployment), "CG2008");
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal("service targetPort 'web' matches no container port name of Deployment 'web' (ports: http=8080): the generated Services route traffic nowhere", finding.Message);
    }

    [Fact]
    public void PortUsedWhenTargetPortIsUnset_IsCheckedAsANumber()
    {
        RuleVerifier.Verify(Documents(Canary.Edit("    port: 80\n    targetPort: http\n", "    {|CG2008:port|}: 80\n"), Deployment), "CG2008");
        var finding = RuleVerifier.Single(Documents(Canary.Edit("    targetPort: http\n", string.Empty), Deployment), "CG2008");
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Equal("service targetPort 80 matches no containerPort of Deployment 'web' (ports: http=8080): unless the app listens on an undeclared port, the generated Services reach nothing", finding.Message);
    }

    [Fact]
    public void NumericTargetPortThatIsDeclared_IsNotReported() => RuleVerifier.Verify(Documents(Canary.Edit("targetPort: http", "targetPort: 8080"), Deployment), "CG2008");

    [Fact]
    public void IstioPortNameThatIsNotHttp_IsReportedWithBuiltinMetrics() => RuleVerifier.Verify(
        Documents(Canary.Edit("    targetPort: http\n", "    targetPort: http\n    {|CG2008:portName|}: tcp-web\n") + BuiltinMetrics, Deployment),
        "CG2008");

    [Theory]
    [InlineData("http")]
    [InlineData("http-web")]
    [InlineData("http2")]
    [InlineData("grpc")]
    [InlineData("grpc-web")]
    public void HttpPortNames_AreNotReported(string portName) => RuleVerifier.Verify(
        Documents(Canary.Edit("    targetPort: http\n", "    targetPort: http\n    portName: " + portName + "\n") + BuiltinMetrics, Deployment),
        "CG2008");

    [Fact]
    public void PortNameOutsideIstio_IsNotReported() => RuleVerifier.Verify(
        Documents(Canary.Edit("spec:\n", "spec:\n  provider: linkerd\n").Edit("    targetPort: http\n", "    targetPort: http\n    portName: tcp-web\n") + BuiltinMetrics, Deployment),
        "CG2008");

    [Fact]
    public void TcpAppProtocolWithBuiltinMetrics_IsReported()
    {
        RuleVerifier.Verify(Documents(Canary.Edit("    targetPort: http\n", "    targetPort: http\n    {|CG2008:appProtocol|}: TCP\n") + BuiltinMetrics, Deployment), "CG2008");
        var finding = RuleVerifier.Single(Canary.Edit("    targetPort: http\n", "    targetPort: http\n    appProtocol: tcp\n") + BuiltinMetrics, "CG2008");
        Assert.Equal("service appProtocol is 'tcp' while the analysis uses the builtin HTTP metric 'request-success-rate': TCP traffic produces no request metrics, so every check finds no values", finding.Message);
    }

    [Fact]
    public void TcpCanaryWithoutBuiltinMetrics_IsNotReported() => RuleVerifier.Verify(
        Documents(Canary.Edit("    targetPort: http\n", "    targetPort: http\n    appProtocol: tcp\n    portName: tcp-web\n"), Deployment),
        "CG2008");

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Canary.Edit("    targetPort: http", "    # canaryguard-disable-next-line CG2008 -- port added by a mutating webhook\n    targetPort: web");
        Assert.True(Assert.Single(RuleVerifier.Lint(Documents(text, Deployment)).Diagnostics, d => d.Id == "CG2008").IsSuppressed);
    }
}
