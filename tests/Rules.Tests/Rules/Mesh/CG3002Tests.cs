using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Rules.References;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Mesh;

public sealed class CG3002Tests
{
    [Fact]
    public void InjectionLabelOnTheDeployment_IsReportedAtTheKey() => RuleVerifier.Verify(
        Deployment.Edit("  namespace: shop\n", "  namespace: shop\n  labels:\n    {|CG3002:sidecar.istio.io/inject|}: \"true\"\n"),
        "CG3002");

    [Fact]
    public void RevisionAnnotationOnTheDeployment_IsReported() => RuleVerifier.Verify(
        Deployment.Edit("  namespace: shop\n", "  namespace: shop\n  annotations:\n    {|CG3002:istio.io/rev|}: stable\n"),
        "CG3002");

    [Fact]
    public void SameSettingAlsoOnThePodTemplate_IsNotReported() => RuleVerifier.Verify(
        Deployment.Edit("  namespace: shop\n", "  namespace: shop\n  labels:\n    sidecar.istio.io/inject: \"true\"\n")
            .Edit("      labels:\n        app: web\n", "      labels:\n        app: web\n        sidecar.istio.io/inject: \"true\"\n"),
        "CG3002");

    [Fact]
    public void PodTemplateLabel_IsNotReported() => RuleVerifier.Verify(
        Deployment.Edit("      labels:\n        app: web\n", "      labels:\n        app: web\n        sidecar.istio.io/inject: \"true\"\n"),
        "CG3002");

    [Fact]
    public void WorkloadOfALinkerdCanary_IsNotJudgedByIstio() => RuleVerifier.Verify(
        Documents(Canary.Edit("spec:\n", "spec:\n  provider: linkerd\n"), Deployment.Edit("  namespace: shop\n", "  namespace: shop\n  labels:\n    sidecar.istio.io/inject: \"true\"\n")),
        "CG3002");

    [Fact]
    public void WorkloadOfAnIstioCanary_IsReported() => RuleVerifier.Verify(
        Documents(Canary, Deployment.Edit("  namespace: shop\n", "  namespace: shop\n  labels:\n    {|CG3002:sidecar.istio.io/inject|}: \"true\"\n")),
        "CG3002");

    [Fact]
    public void WorkloadWithoutCanary_UnderAnotherMeshProvider_IsNotReported() => RuleVerifier.Verify(
        Deployment.Edit("  namespace: shop\n", "  namespace: shop\n  labels:\n    sidecar.istio.io/inject: \"true\"\n"),
        CanaryGuardPolicy.Default with { MeshProvider = "linkerd" },
        "CG3002");

    [Fact]
    public void Message_SaysWhereToMoveIt()
    {
        var finding = RuleVerifier.Single(Deployment.Edit("  namespace: shop\n", "  namespace: shop\n  labels:\n    sidecar.istio.io/inject: \"true\"\n"), "CG3002");
        Assert.Equal("'sidecar.istio.io/inject' is set on the Deployment's own labels, which Istio never reads: move it to spec.template.metadata.labels", finding.Message);
        Assert.Equal("metadata.labels[\"sidecar.istio.io/inject\"]", finding.Path);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Deployment.Edit("  namespace: shop\n", "  namespace: shop\n  labels:\n    # canaryguard-disable-next-line CG3002 -- used by our own tooling\n    sidecar.istio.io/inject: \"true\"\n");
        Assert.True(Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG3002").IsSuppressed);
    }
}
