using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1025Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n";

    private static string Canary(string provider, string analysisFields) =>
        CheckYaml.WithSpec(Yaml.Canary(Head + analysisFields + Yaml.SafeChecks), provider.Length == 0 ? string.Empty : $"  provider: {provider}\n");

    [Fact]
    public void MirroringAndSessionAffinityOutsideIstio_AreReported() => RuleVerifier.Verify(
        Canary("linkerd", """
                iterations: 10
                {|CG1025:mirror|}: true
                {|CG1025:sessionAffinity|}:
                  cookieName: canary

            """),
        "CG1025");

    [Fact]
    public void MirrorWeightProblems_AreReported() => RuleVerifier.Verify(
        Canary("istio", """
                iterations: 10
                {|CG1025:mirrorWeight|}: 50

            """) + "---\n" + Canary("istio", """
                iterations: 10
                mirror: true
                {|CG1025:mirrorWeight|}: 150

            """),
        "CG1025");

    [Fact]
    public void EqualCookieNames_AreReportedAtThePrimaryCookieName() => RuleVerifier.Verify(
        Canary("gatewayapi:v1", """
                stepWeight: 10
                sessionAffinity:
                  cookieName: flagger-cookie
                  {|CG1025:primaryCookieName|}: flagger-cookie

            """).Replace("service: {port: 80}", "service: {port: 80, gatewayRefs: [{name: gateway}]}", StringComparison.Ordinal),
        "CG1025");

    [Fact]
    public void MissingProviderReferences_AreReported() => RuleVerifier.Verify(
        Canary("nginx", "    stepWeight: 10\n").Replace("  provider:", "  {|CG1025:provider|}:", StringComparison.Ordinal)
        + "---\n" + Canary("apisix", "    stepWeight: 10\n").Replace("  provider:", "  {|CG1025:provider|}:", StringComparison.Ordinal)
        + "---\n" + Canary("gatewayapi:v1beta1", "    stepWeight: 10\n").Replace("  service:", "  {|CG1025:service|}:", StringComparison.Ordinal),
        "CG1025");

    private const string IngressRef = "ingressRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}";

    [Theory]
    [InlineData("traefik")]
    [InlineData("istio")]
    public void IngressRefUnderAProviderThatIgnoresIt_IsAWarningAtTheRef(string provider)
    {
        var text = Canary(provider, "    stepWeight: 10\n").Replace("spec:\n", $"spec:\n  {{|CG1025:{IngressRef.Replace(": {", "|}: {", StringComparison.Ordinal)}\n", StringComparison.Ordinal);
        var finding = Assert.Single(RuleVerifier.Verify(text, "CG1025").Diagnostics, d => d.Id == "CG1025");
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.StartsWith($"spec.ingressRef is ignored by the {provider} provider", finding.Message, StringComparison.Ordinal);
    }

    // A Flagger install for NGINX (-mesh-provider=nginx) with Canaries that name no provider: the ingressRef is the
    // only evidence of the provider, and the default mesh provider is not evidence against it.
    [Fact]
    public void IngressRefOfACanaryWithoutProvider_UnderTheDefaultMeshProvider_IsNotReported() => RuleVerifier.Verify(
        Canary(string.Empty, "    stepWeight: 10\n").Replace("spec:\n", $"spec:\n  {IngressRef}\n", StringComparison.Ordinal),
        "CG1025");

    [Fact]
    public void IngressRefOfACanaryWithoutProvider_IsReported_WhenIstioGatewaysOrThePolicySayTheProvider()
    {
        var text = Canary(string.Empty, "    stepWeight: 10\n").Replace("spec:\n", $"spec:\n  {{|CG1025:{IngressRef.Replace(": {", "|}: {", StringComparison.Ordinal)}\n", StringComparison.Ordinal);

        var withGateways = Assert.Single(RuleVerifier.Verify(text.Replace("service: {port: 80}", "service: {port: 80, gateways: [public-gateway]}", StringComparison.Ordinal), "CG1025").Diagnostics, d => d.Id == "CG1025");
        Assert.StartsWith("spec.ingressRef is ignored by the istio provider", withGateways.Message, StringComparison.Ordinal);

        var traefik = Assert.Single(RuleVerifier.Verify(text, CanaryGuardPolicy.Default with { MeshProvider = "traefik" }, "CG1025").Diagnostics, d => d.Id == "CG1025");
        Assert.StartsWith("spec.ingressRef is ignored by the traefik provider", traefik.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("skipper")]
    public void IngressRefUnderAnIngressProvider_IsNotReported(string provider) => RuleVerifier.Verify(
        Canary(provider, "    stepWeight: 10\n").Replace("spec:\n", "spec:\n  ingressRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}\n", StringComparison.Ordinal),
        "CG1025");

    [Fact]
    public void SkipperWithoutIngressRef_IsReported() => RuleVerifier.Verify(
        Canary("skipper", "    stepWeight: 10\n").Replace("  provider:", "  {|CG1025:provider|}:", StringComparison.Ordinal),
        "CG1025");

    [Fact]
    public void TheMeshProviderOfThePolicy_IsReportedAtSpec()
    {
        var policy = CanaryGuardPolicy.Default with { MeshProvider = "nginx" };
        RuleVerifier.Verify(Canary("", "    stepWeight: 10\n").Replace("spec:", "{|CG1025:spec|}:", StringComparison.Ordinal), policy, "CG1025");
    }

    [Fact]
    public void DelegationWithHosts_IsReported() => RuleVerifier.Verify(
        Canary("istio", "    stepWeight: 10\n")
            .Replace("  service: {port: 80}", "  service:\n    port: 80\n    {|CG1025:delegation|}: true\n    hosts: [app.example.com]", StringComparison.Ordinal),
        "CG1025");

    [Fact]
    public void SupportedFeatures_AreNotReported() => RuleVerifier.Verify(
        Canary("istio", """
                iterations: 10
                mirror: true
                mirrorWeight: 20
                sessionAffinity: {cookieName: canary, primaryCookieName: primary}

            """) + "---\n" + Canary("nginx", "    stepWeight: 10\n").Replace("spec:\n", "spec:\n  ingressRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}\n", StringComparison.Ordinal)
        + "---\n" + Canary("istio", "    stepWeight: 10\n").Replace("  service: {port: 80}", "  service: {port: 80, delegation: true}", StringComparison.Ordinal),
        "CG1025");

    [Fact]
    public void Severity_IsWarningForIgnoredFeatures_AndErrorForBrokenRouting()
    {
        var ignored = RuleVerifier.Single(Canary("linkerd", "    iterations: 10\n    mirror: true\n"), "CG1025");
        Assert.Equal(DiagnosticSeverity.Warning, ignored.Severity);
        Assert.Equal("mirror is not supported by the linkerd provider: Flagger ignores it and no traffic is mirrored", ignored.Message);
        var broken = RuleVerifier.Single(Canary("apisix", "    stepWeight: 10\n"), "CG1025");
        Assert.Equal(DiagnosticSeverity.Error, broken.Severity);
        Assert.Equal("the apisix provider needs spec.routeRef: Flagger has no ApisixRoute to split traffic in and cannot route the canary", broken.Message);
    }

    [Fact]
    public void Message_ForEqualCookies_NamesTheCookie()
    {
        var finding = RuleVerifier.Single(Canary("istio", "    stepWeight: 10\n    sessionAffinity: {cookieName: c, primaryCookieName: c}\n"), "CG1025");
        Assert.Equal(
            "sessionAffinity primaryCookieName equals cookieName (c): the browser keeps one cookie per name, so the primary's cookie overwrites the canary's and sessions do not stick",
            finding.Message);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Canary("linkerd", "    iterations: 10\n    # canaryguard-disable-next-line CG1025 -- moving to istio\n    mirror: true\n"),
        "CG1025",
        "moving to istio");
}
