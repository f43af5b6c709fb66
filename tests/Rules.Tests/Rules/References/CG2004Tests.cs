using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2004Tests
{
    private const string Probe = "          readinessProbe:\n            httpGet: {path: /ready, port: http}\n";

    private static readonly string Unprobed = Deployment.Edit(Probe, string.Empty)
        .Edit("        - name: app", "        - {|CG2004:name|}: app");

    [Fact]
    public void ContainerWithoutReadinessProbe_IsReportedAtItsName() => RuleVerifier.Verify(Documents(Canary, Unprobed), "CG2004");

    [Fact]
    public void PodWithOnlyUnprobedContainers_IsReportedOnceAtTheFirst() => RuleVerifier.Verify(
        Documents(Canary, Unprobed + "        - name: sidecar\n          image: proxy:1\n"),
        "CG2004");

    [Fact]
    public void UnprobedSidecarNextToAProbedAppContainer_IsNotReported() => RuleVerifier.Verify(
        Documents(Canary, Deployment + "        - name: log-shipper\n          image: fluent-bit:3\n"),
        "CG2004");

    [Fact]
    public void ProbedContainer_IsNotReported() => RuleVerifier.Verify(Documents(Canary, Deployment), "CG2004");

    [Fact]
    public void DeploymentWithoutCanary_IsNotReported() => RuleVerifier.Verify(Markup.Parse(Unprobed).Text, "CG2004");

    [Fact]
    public void Message_NamesTheContainers()
    {
        var finding = RuleVerifier.Single(Documents(Canary, Markup.Parse(Unprobed).Text), "CG2004");
        Assert.Equal("no container of Deployment 'web' has a readinessProbe (app): Flagger counts its pods ready as soon as they start, so promotion is gated on nothing", finding.Message);
        Assert.Equal("spec.template.spec.containers[0].name", finding.Path);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Markup.Parse(Unprobed).Text.Edit("        - name: app", "        # canaryguard-disable-next-line CG2004 -- batch worker\n        - name: app");
        Assert.True(Assert.Single(RuleVerifier.Lint(Documents(Canary, text)).Diagnostics, d => d.Id == "CG2004").IsSuppressed);
    }
}
