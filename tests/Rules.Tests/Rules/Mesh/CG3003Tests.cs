using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Rules.References;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Mesh;

public sealed class CG3003Tests
{
    private static string PodMetadata(string lines) => Deployment.Edit("    metadata:\n      labels:\n        app: web\n", "    metadata:\n" + lines + "      labels:\n        app: web\n");

    [Fact]
    public void AnnotationOnly_IsReportedAtTheAnnotation() => RuleVerifier.Verify(
        PodMetadata("      annotations:\n        {|CG3003:sidecar.istio.io/inject|}: \"true\"\n"),
        "CG3003");

    [Fact]
    public void AnnotationWithTheLabel_IsNotReported() => RuleVerifier.Verify(
        PodMetadata("      annotations:\n        sidecar.istio.io/inject: \"true\"\n").Edit("        app: web\n    spec", "        app: web\n        sidecar.istio.io/inject: \"true\"\n    spec"),
        "CG3003");

    [Fact]
    public void OtherAnnotations_AreNotReported() => RuleVerifier.Verify(PodMetadata("      annotations:\n        prometheus.io/scrape: \"true\"\n"), "CG3003");

    [Fact]
    public void Message_PointsToTheLabel()
    {
        var finding = RuleVerifier.Single(PodMetadata("      annotations:\n        sidecar.istio.io/inject: \"false\"\n"), "CG3003");
        Assert.Equal("injection is set only by the deprecated annotation sidecar.istio.io/inject: \"false\": Istio's webhook objectSelectors see labels only, so use the label sidecar.istio.io/inject instead", finding.Message);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = PodMetadata("      annotations:\n        # canaryguard-disable-next-line CG3003 -- Istio 1.9 cluster\n        sidecar.istio.io/inject: \"true\"\n");
        Assert.True(Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG3003").IsSuppressed);
    }
}
