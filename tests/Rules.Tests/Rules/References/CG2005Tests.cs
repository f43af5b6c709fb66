using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2005Tests
{
    private const string AutoscalerRef = "  autoscalerRef:\n    apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler\n    name: web\n";

    private static readonly string WithReplicas = Deployment.Edit("spec:\n  selector:", "spec:\n  {|CG2005:replicas|}: 3\n  selector:");

    [Fact]
    public void ReplicasWithCanaryAutoscalerRef_IsReportedAtReplicas() => RuleVerifier.Verify(Documents(Canary + AutoscalerRef, WithReplicas), "CG2005");

    [Fact]
    public void ReplicasWithAnHpaOnTheDeployment_IsReported() => RuleVerifier.Verify(Documents(WithReplicas, Hpa), "CG2005");

    [Fact]
    public void ReplicasWithoutAutoscaler_IsNotReported() => RuleVerifier.Verify(Documents(Canary, WithReplicas.Replace("{|CG2005:replicas|}", "replicas", StringComparison.Ordinal)), "CG2005");

    [Fact]
    public void AutoscaledWithoutReplicas_IsNotReported() => RuleVerifier.Verify(Documents(Canary + AutoscalerRef, Deployment, Hpa), "CG2005");

    [Fact]
    public void HpaOnAnotherDeployment_IsNotReported() => RuleVerifier.Verify(
        Documents(Markup.Parse(WithReplicas).Text, Hpa.Edit("    name: web\n  minReplicas", "    name: api\n  minReplicas")),
        "CG2005");

    [Fact]
    public void Message_NamesTheAutoscaler()
    {
        var finding = RuleVerifier.Single(Documents(Markup.Parse(WithReplicas).Text, Hpa), "CG2005");
        Assert.Equal("replicas (3) is set while HorizontalPodAutoscaler 'web' scales this Deployment: every apply resets the scale the autoscaler chose, and the canary is rescaled after promotion", finding.Message);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Markup.Parse(WithReplicas).Text.Edit("  replicas: 3", "  # canaryguard-disable-next-line CG2005 -- pinned during migration\n  replicas: 3");
        Assert.True(Assert.Single(RuleVerifier.Lint(Documents(text, Hpa)).Diagnostics, d => d.Id == "CG2005").IsSuppressed);
    }
}
