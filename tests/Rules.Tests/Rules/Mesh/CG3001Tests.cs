using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Rules.Mesh;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Rules.References;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Mesh;

public sealed class CG3001Tests
{
    private static readonly string MarkedCanary = Canary.Edit("  targetRef:", "  {|CG3001:targetRef|}:");

    /// <summary>
    /// Istio's precedence, every case: namespace labels ("k=v,k=v"; "" for none; null when unknown offline) and the pod
    /// template's labels, with the outcome. The rule reports exactly the NotInjected cases.
    /// </summary>
    [Theory]
    [InlineData("istio-injection=enabled", "", InjectionOutcome.Injected)]
    [InlineData("istio-injection=enabled", "sidecar.istio.io/inject=true", InjectionOutcome.Injected)]
    [InlineData("istio-injection=enabled", "sidecar.istio.io/inject=false", InjectionOutcome.NotInjected)]
    [InlineData("istio-injection=enabled", "sidecar.istio.io/inject=yes", InjectionOutcome.Injected)]
    [InlineData("istio-injection=disabled", "", InjectionOutcome.NotInjected)]
    [InlineData("istio-injection=disabled", "sidecar.istio.io/inject=true", InjectionOutcome.NotInjected)]
    [InlineData("istio-injection=disabled", "istio.io/rev=stable", InjectionOutcome.NotInjected)]
    [InlineData("istio-injection=true", "sidecar.istio.io/inject=true", InjectionOutcome.NotInjected)]
    [InlineData("", "", InjectionOutcome.NotInjected)]
    [InlineData("", "sidecar.istio.io/inject=true", InjectionOutcome.Injected)]
    [InlineData("", "istio.io/rev=stable", InjectionOutcome.Injected)]
    [InlineData("", "sidecar.istio.io/inject=false", InjectionOutcome.NotInjected)]
    [InlineData("", "sidecar.istio.io/inject=yes", InjectionOutcome.NotInjected)]
    [InlineData("team=web", "", InjectionOutcome.NotInjected)]
    [InlineData("istio.io/rev=stable", "", InjectionOutcome.Injected)]
    [InlineData("istio.io/rev=stable", "sidecar.istio.io/inject=true", InjectionOutcome.Injected)]
    [InlineData("istio.io/rev=stable", "sidecar.istio.io/inject=false", InjectionOutcome.NotInjected)]
    [InlineData("istio-injection=enabled,istio.io/rev=stable", "", InjectionOutcome.Injected)]
    [InlineData("istio-injection=disabled,istio.io/rev=stable", "", InjectionOutcome.NotInjected)]
    [InlineData("istio-injection=enabled,istio.io/rev=stable", "sidecar.istio.io/inject=false", InjectionOutcome.NotInjected)]
    [InlineData(null, "", InjectionOutcome.Unknown)]
    [InlineData(null, "sidecar.istio.io/inject=true", InjectionOutcome.Unknown)]
    [InlineData(null, "istio.io/rev=stable", InjectionOutcome.Unknown)]
    [InlineData(null, "sidecar.istio.io/inject=false", InjectionOutcome.NotInjected)]
    public void Precedence(string? namespaceLabels, string podLabels, InjectionOutcome expected)
    {
        var (outcome, _) = IstioInjection.Decide(namespaceLabels is null ? null : Labels(namespaceLabels), Labels(podLabels));
        Assert.Equal(expected, outcome);

        var documents = new List<string> { expected == InjectionOutcome.NotInjected ? MarkedCanary : Canary, WithPodLabels(podLabels) };
        if (namespaceLabels is not null)
        {
            documents.Add(Namespace(string.Join(", ", Labels(namespaceLabels).Select(l => $"{l.Key}: \"{l.Value}\""))));
        }

        RuleVerifier.Verify(Documents([.. documents]), "CG3001");
    }

    [Fact]
    public void PolicyNamespaceLabels_AreUsedWhenNoNamespaceObjectIsLinted()
    {
        var policy = CanaryGuardPolicy.Default with
        {
            NamespaceLabels = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["shop"] = new Dictionary<string, string> { ["istio-injection"] = "disabled" } },
        };
        RuleVerifier.Verify(Documents(MarkedCanary, Deployment), policy, "CG3001");
    }

    [Fact]
    public void NamespaceObject_BeatsThePolicy()
    {
        var policy = CanaryGuardPolicy.Default with
        {
            NamespaceLabels = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["shop"] = new Dictionary<string, string> { ["istio-injection"] = "disabled" } },
        };
        RuleVerifier.Verify(Documents(Canary, Deployment, Namespace("istio-injection: enabled")), policy, "CG3001");
    }

    [Fact]
    public void OtherProviders_AreNotReported() => RuleVerifier.Verify(
        Documents(Canary.Edit("spec:\n", "spec:\n  provider: linkerd\n"), Deployment, Namespace("istio-injection: disabled")),
        "CG3001");

    [Fact]
    public void PolicyMeshProvider_AppliesToCanariesWithoutProvider() => RuleVerifier.Verify(
        Documents(Canary, Deployment, Namespace("istio-injection: disabled")),
        CanaryGuardPolicy.Default with { MeshProvider = "linkerd" },
        "CG3001");

    [Theory]
    [InlineData("containers")]
    [InlineData("initContainers")]
    public void PodTemplateHoldingTheIstioProxy_CountsAsInjected(string list) => RuleVerifier.Verify(
        Documents(Canary, Deployment.Edit("      containers:\n", $"      {list}:\n        - name: istio-proxy\n          image: istio/proxyv2:1.22.0\n" + (list == "containers" ? "" : "      containers:\n")), Namespace("istio-injection: disabled")),
        "CG3001");

    [Fact]
    public void PodTemplateHoldingAnotherContainer_IsStillReported() => RuleVerifier.Verify(
        Documents(MarkedCanary, Deployment.Edit("      containers:\n", "      containers:\n        - name: proxy\n          image: envoy:1.30\n"), Namespace("istio-injection: disabled")),
        "CG3001");

    [Fact]
    public void CanaryWithoutProviderInALinkerdNamespace_IsLeftToLinkerd() => RuleVerifier.Verify(
        Documents(Canary, Deployment, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations: {linkerd.io/inject: enabled}\n"),
        "CG3001");

    [Fact]
    public void CanaryNamingIstioInALinkerdNamespace_IsStillReported() => RuleVerifier.Verify(
        Documents(MarkedCanary.Edit("spec:\n", "spec:\n  provider: istio\n"), Deployment, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  annotations: {linkerd.io/inject: enabled}\n"),
        "CG3001");

    [Fact]
    public void Message_GivesTheReason()
    {
        var finding = RuleVerifier.Single(Documents(Canary, Deployment, Namespace("istio-injection: disabled")), "CG3001");
        Assert.Equal("pods of Deployment 'web' get no Istio sidecar (the namespace has istio-injection=disabled, which no pod label overrides): the builtin metrics return no values and the traffic split does not apply", finding.Message);
        Assert.Equal("spec.targetRef", finding.Path);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Canary.Edit("  targetRef:", "  # canaryguard-disable-next-line CG3001 -- ambient mesh, no sidecars\n  targetRef:");
        Assert.True(Assert.Single(RuleVerifier.Lint(Documents(text, Deployment, Namespace("istio-injection: disabled"))).Diagnostics, d => d.Id == "CG3001").IsSuppressed);
    }

    private static Dictionary<string, string> Labels(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static string WithPodLabels(string podLabels) =>
        Deployment.Edit("      labels:\n        app: web\n", "      labels:\n        app: web\n" + string.Concat(Labels(podLabels).Select(l => $"        {l.Key}: \"{l.Value}\"\n")));
}
