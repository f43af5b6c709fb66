using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2006Tests
{
    private const string AutoscalerRef = "  autoscalerRef:\n    apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler\n    name: web\n";

    private const string MarkedRef = "  autoscalerRef:\n    apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler\n    {|CG2006:name|}: web\n";

    [Fact]
    public void AutoscalerRefToAnHpaOfTheTarget_IsNotReported() => RuleVerifier.Verify(Documents(Canary + AutoscalerRef, Deployment, Hpa), "CG2006");

    [Fact]
    public void MissingAutoscaler_IsReportedAtTheReferenceName() => RuleVerifier.Verify(Documents(Canary + MarkedRef, Deployment), "CG2006");

    [Fact]
    public void AutoscalerOfAnotherWorkload_IsReported() => RuleVerifier.Verify(
        Documents(Canary + MarkedRef, Deployment, Hpa.Edit("    name: web\n  minReplicas", "    name: api\n  minReplicas")),
        "CG2006");

    [Fact]
    public void HpaOnTheTargetWithoutAutoscalerRef_IsReportedAtTargetRef() => RuleVerifier.Verify(
        Documents(Canary.Edit("  targetRef:", "  {|CG2006:targetRef|}:"), Deployment, Hpa),
        "CG2006");

    [Fact]
    public void KedaScaledObject_IsFoundWithItsDefaultTargetKind() => RuleVerifier.Verify(
        Documents(
            Canary + "  autoscalerRef:\n    apiVersion: keda.sh/v1alpha1\n    kind: ScaledObject\n    name: web-so\n",
            Deployment,
            "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: web-so\n  namespace: shop\nspec:\n  scaleTargetRef:\n    name: web\n"),
        "CG2006");

    [Fact]
    public void Messages_NameEachCase()
    {
        var missing = RuleVerifier.Single(Canary + AutoscalerRef, "CG2006");
        Assert.Equal("autoscalerRef names HorizontalPodAutoscaler 'web', which does not exist in namespace 'shop': Flagger cannot create the primary's autoscaler (not found in the linted files)", missing.Message);
        Assert.Equal(DiagnosticSeverity.Info, missing.Severity);

        var wrong = RuleVerifier.Single(Documents(Canary + AutoscalerRef, Hpa.Edit("    name: web\n  minReplicas", "    name: api\n  minReplicas")), "CG2006");
        Assert.Equal("autoscalerRef names HorizontalPodAutoscaler 'web', which scales Deployment 'api', not the target Deployment 'web': Flagger points its web-primary copy at the primary, but 'web' itself keeps scaling Deployment 'api' (fighting any other autoscaler of it) and the canary is not autoscaled during the analysis", wrong.Message);
        Assert.Equal(DiagnosticSeverity.Error, wrong.Severity);

        var unreferenced = RuleVerifier.Single(Documents(Canary, Hpa), "CG2006");
        Assert.Equal("HorizontalPodAutoscaler 'web' scales the target Deployment 'web' but the Canary has no autoscalerRef: the primary, which serves the traffic, is not autoscaled", unreferenced.Message);
        Assert.Equal(DiagnosticSeverity.Warning, unreferenced.Severity);
    }

    [Fact]
    public void Complete_MissingAutoscalerIsAnError()
    {
        var finding = RuleVerifier.Single(Canary + AutoscalerRef, "CG2006", CanaryGuardPolicy.Default with { Complete = true });
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.DoesNotContain("not found in the linted files", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Canary + AutoscalerRef.Edit("    name: web", "    # canaryguard-disable-next-line CG2006 -- HPA applied by the platform team\n    name: web");
        Assert.True(Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG2006").IsSuppressed);
    }
}
