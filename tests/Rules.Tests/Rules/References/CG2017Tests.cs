using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2017Tests
{
    private static readonly string ReferencingCanary = Canary.Edit("  service:\n", "  autoscalerRef: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: web}\n  service:\n");

    private static string HpaIn(string apiVersion, bool marked = false) =>
        Hpa.Edit("apiVersion: autoscaling/v2\n", (marked ? "{|CG2017:apiVersion|}" : "apiVersion") + $": {apiVersion}\n");

    [Theory]
    [InlineData("autoscaling/v2beta1")]
    [InlineData("autoscaling/v2beta2")]
    public void AutoscalerInARemovedVersion_IsReportedAtItsApiVersion(string apiVersion) =>
        RuleVerifier.Verify(Documents(ReferencingCanary, Deployment, HpaIn(apiVersion, marked: true)), "CG2017");

    [Fact]
    public void AutoscalerInTheServedVersion_IsNotReported() =>
        RuleVerifier.Verify(Documents(ReferencingCanary, Deployment, Hpa), "CG2017");

    [Fact]
    public void AutoscalerNoCanaryNames_IsNotReported() =>
        RuleVerifier.Verify(Documents(Canary, Deployment, HpaIn("autoscaling/v2beta2")), "CG2017");

    [Fact]
    public void TargetInARemovedVersion_IsReported() => RuleVerifier.Verify(
        Documents(Canary, Deployment.Edit("apiVersion: apps/v1\n", "{|CG2017:apiVersion|}: extensions/v1beta1\n")),
        "CG2017");

    [Theory]
    [InlineData("1.25", "autoscaling/v2beta2", false)]
    [InlineData("1.26", "autoscaling/v2beta2", true)]
    [InlineData("1.24", "autoscaling/v2beta1", false)]
    [InlineData("v1.25.3", "autoscaling/v2beta1", true)]
    public void KubernetesVersionOfThePolicy_DecidesWhetherTheVersionIsStillServed(string kubernetesVersion, string apiVersion, bool reported)
    {
        Assert.True(KubernetesVersions.TryParse(kubernetesVersion, out var version));
        var policy = CanaryGuardPolicy.Default with { KubernetesVersion = version };
        RuleVerifier.Verify(Documents(ReferencingCanary, Deployment, HpaIn(apiVersion, marked: reported)), policy, "CG2017");
    }

    [Fact]
    public void Message_SaysWhichReleaseRemovedIt()
    {
        var finding = RuleVerifier.Single(Documents(ReferencingCanary, Deployment, HpaIn("autoscaling/v2beta2")), "CG2017");
        Assert.Equal("autoscaling/v2beta2 HorizontalPodAutoscaler is not served since Kubernetes 1.26: the API server refuses HorizontalPodAutoscaler 'web', so the Canary web never initializes; use autoscaling/v2", finding.Message);
    }
}
