using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Rules.References;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Mesh;

public sealed class CG3005Tests
{
    private static string WithService(string lines) => Canary.Edit("    targetPort: http\n", "    targetPort: http\n" + lines);

    [Fact]
    public void GatewaysWithoutMesh_IsReportedAtGateways() => RuleVerifier.Verify(
        WithService("    {|CG3005:gateways|}:\n      - istio-system/public-gateway\n"),
        "CG3005");

    [Fact]
    public void GatewaysWithMesh_IsNotReported() => RuleVerifier.Verify(WithService("    gateways:\n      - istio-system/public-gateway\n      - mesh\n"), "CG3005");

    [Fact]
    public void NoGateways_IsNotReported() => RuleVerifier.Verify(Canary, "CG3005");

    [Fact]
    public void Delegation_IsNotReported() => RuleVerifier.Verify(WithService("    delegation: true\n    gateways: [istio-system/public-gateway]\n"), "CG3005");

    [Fact]
    public void OtherProviders_AreNotReported() => RuleVerifier.Verify(
        WithService("    gateways: [istio-system/public-gateway]\n").Edit("spec:\n", "spec:\n  provider: gloo\n"),
        "CG3005");

    [Fact]
    public void Message_ListsTheGateways()
    {
        var finding = RuleVerifier.Single(WithService("    gateways: [istio-system/public-gateway, shop/internal]\n"), "CG3005");
        Assert.Equal("service.gateways (istio-system/public-gateway, shop/internal) does not include 'mesh': in-mesh callers bypass the canary's traffic split, and the analysis sees only gateway traffic", finding.Message);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = WithService("    # canaryguard-disable-next-line CG3005 -- edge-only service\n    gateways: [istio-system/public-gateway]\n");
        Assert.True(Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG3005").IsSuppressed);
    }
}
