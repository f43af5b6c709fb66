using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Rules.Mesh;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Rules.References;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Mesh;

public sealed class CG3007Tests
{
    private static readonly string LinkerdCanary = Canary.Edit("spec:\n", "spec:\n  provider: linkerd\n");

    private static readonly string MarkedLinkerdCanary = LinkerdCanary.Edit("  targetRef:", "  {|CG3007:targetRef|}:");

    /// <summary>Linkerd's precedence: namespace and pod template annotations ("" for none; null when the namespace is not linted).</summary>
    [Theory]
    [InlineData("enabled", "", InjectionOutcome.Injected)]
    [InlineData("ingress", "", InjectionOutcome.Injected)]
    [InlineData("enabled", "disabled", InjectionOutcome.NotInjected)]
    [InlineData("disabled", "enabled", InjectionOutcome.Injected)]
    [InlineData("disabled", "", InjectionOutcome.NotInjected)]
    [InlineData("", "", InjectionOutcome.NotInjected)]
    [InlineData("", "enabled", InjectionOutcome.Injected)]
    [InlineData(null, "", InjectionOutcome.Unknown)]
    [InlineData(null, "disabled", InjectionOutcome.NotInjected)]
    [InlineData(null, "enabled", InjectionOutcome.Injected)]
    public void Precedence(string? namespaceAnnotation, string podAnnotation, InjectionOutcome expected)
    {
        var (outcome, _) = LinkerdInjection.Decide(namespaceAnnotation is null ? null : Annotation(namespaceAnnotation), Annotation(podAnnotation));
        Assert.Equal(expected, outcome);

        var documents = new List<string> { expected == InjectionOutcome.NotInjected ? MarkedLinkerdCanary : LinkerdCanary, WithPodAnnotation(podAnnotation) };
        if (namespaceAnnotation is not null)
        {
            documents.Add(LinkerdNamespace(namespaceAnnotation));
        }

        RuleVerifier.Verify(Documents([.. documents]), "CG3007", "CG3001");
    }

    [Fact]
    public void PolicyMeshProvider_AppliesToCanariesWithoutProvider() => RuleVerifier.Verify(
        Documents(Canary.Edit("  targetRef:", "  {|CG3007:targetRef|}:"), Deployment, LinkerdNamespace("")),
        CanaryGuardPolicy.Default with { MeshProvider = "linkerd" },
        "CG3007", "CG3001");

    [Fact]
    public void IstioCanaries_AreNotReported() => RuleVerifier.Verify(
        Documents(Canary.Edit("  targetRef:", "  {|CG3001:targetRef|}:"), Deployment, LinkerdNamespace("disabled")),
        "CG3007", "CG3001");

    [Fact]
    public void PodTemplateHoldingTheLinkerdProxy_CountsAsInjected() => RuleVerifier.Verify(
        Documents(LinkerdCanary, Deployment.Edit("      containers:\n", "      containers:\n        - name: linkerd-proxy\n          image: cr.l5d.io/linkerd/proxy:stable-2.14.0\n"), LinkerdNamespace("")),
        "CG3007");

    [Fact]
    public void LabelInsteadOfAnnotation_DoesNotInject() => RuleVerifier.Verify(
        Documents(MarkedLinkerdCanary, Deployment, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {linkerd.io/inject: enabled}\n"),
        "CG3007");

    [Fact]
    public void Message_GivesTheReason()
    {
        var finding = RuleVerifier.Single(Documents(LinkerdCanary, Deployment, LinkerdNamespace("")), "CG3007");
        Assert.Equal("pods of Deployment 'web' get no Linkerd proxy (neither the namespace nor the pod template has the annotation linkerd.io/inject: enabled): the builtin metrics return no values and the traffic split does not apply", finding.Message);
        Assert.Equal("spec.targetRef", finding.Path);
    }

    private static Dictionary<string, string> Annotation(string value) =>
        value.Length == 0 ? [] : new Dictionary<string, string>(StringComparer.Ordinal) { [LinkerdInjection.Annotation] = value };

    private static string LinkerdNamespace(string annotation) =>
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations: {" + (annotation.Length == 0 ? string.Empty : "linkerd.io/inject: " + annotation) + "}\n";

    private static string WithPodAnnotation(string value) =>
        value.Length == 0 ? Deployment : Deployment.Edit("      labels:\n        app: web\n", "      labels:\n        app: web\n      annotations:\n        linkerd.io/inject: " + value + "\n");
}
