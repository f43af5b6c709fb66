using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Rules.References;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Mesh;

public sealed class CG3004Tests
{
    private static string Pod(string annotation, string label) => Deployment.Edit(
        "    metadata:\n      labels:\n        app: web\n",
        "    metadata:\n      annotations:\n        " + annotation + "\n      labels:\n        app: web\n        " + label + "\n");

    [Fact]
    public void LabelAndAnnotationDisagreeing_IsReportedAtTheAnnotation() => RuleVerifier.Verify(
        Pod("{|CG3004:sidecar.istio.io/inject|}: \"false\"", "sidecar.istio.io/inject: \"true\""),
        "CG3004");

    [Fact]
    public void LabelAndAnnotationAgreeing_IsNotReported() => RuleVerifier.Verify(
        Pod("sidecar.istio.io/inject: \"true\"", "sidecar.istio.io/inject: \"true\""),
        "CG3004");

    [Fact]
    public void ValueOtherThanTrueOrFalse_IsReported() => RuleVerifier.Verify(
        Pod("prometheus.io/scrape: \"true\"", "{|CG3004:sidecar.istio.io/inject|}: \"enabled\""),
        "CG3004");

    [Fact]
    public void UnquotedBoolean_IsLeftToCG4002() => RuleVerifier.Verify(
        Pod("prometheus.io/scrape: \"true\"", "sidecar.istio.io/inject: yes"),
        "CG3004");

    [Fact]
    public void NamespaceWithBothLabels_IsReportedAtTheRevisionLabel() => RuleVerifier.Verify(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n    {|CG3004:istio.io/rev|}: stable\n",
        "CG3004");

    [Fact]
    public void NamespaceWithOneLabel_IsNotReported() => RuleVerifier.Verify(Namespace("istio.io/rev: stable"), "CG3004");

    [Fact]
    public void Messages_ExplainEachConflict()
    {
        Assert.Equal(
            "the pod template's label sidecar.istio.io/inject: \"true\" and annotation sidecar.istio.io/inject: \"false\" disagree: the label decides which webhook sees the pod, the annotation what the injector then does",
            RuleVerifier.Single(Pod("sidecar.istio.io/inject: \"false\"", "sidecar.istio.io/inject: \"true\""), "CG3004").Message);
        Assert.Equal(
            "sidecar.istio.io/inject value \"True\" is neither \"true\" nor \"false\": Istio compares the exact string, so it neither opts in nor opts out",
            RuleVerifier.Single(Pod("prometheus.io/scrape: \"true\"", "sidecar.istio.io/inject: \"True\""), "CG3004").Message);
        Assert.Equal(
            "namespace 'shop' has both istio-injection and istio.io/rev labels: istio-injection wins and the revision label is ignored (IST0123)",
            RuleVerifier.Single(Namespace("istio-injection: enabled, istio.io/rev: stable"), "CG3004").Message);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio-injection: enabled\n    # canaryguard-disable-next-line CG3004 -- revision migration in progress\n    istio.io/rev: stable\n";
        Assert.True(Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG3004").IsSuppressed);
    }
}
