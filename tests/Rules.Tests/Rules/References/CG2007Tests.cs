using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2007Tests
{
    private static readonly string MarkedCanary = Canary.Edit("    name: web\n  service:", "    {|CG2007:name|}: web\n  service:");

    [Fact]
    public void UserPrimaryService_IsReportedAtTheTargetName() => RuleVerifier.Verify(Documents(MarkedCanary, Deployment, Service("web-primary")), "CG2007");

    [Fact]
    public void UserCanaryServiceNamedAfterServiceName_IsReportedAtServiceName() => RuleVerifier.Verify(
        Documents(Canary.Edit("  service:\n    port: 80", "  service:\n    {|CG2007:name|}: shop-web\n    port: 80"), Deployment, Service("shop-web-canary")),
        "CG2007");

    [Fact]
    public void UserPrimaryDeployment_IsReported() => RuleVerifier.Verify(
        Documents(MarkedCanary, Deployment, Deployment.Edit("  name: web\n", "  name: web-primary\n")),
        "CG2007");

    [Fact]
    public void PrimaryCopyOfAReferencedConfigMap_IsReported() => RuleVerifier.Verify(
        Documents(
            MarkedCanary,
            Deployment.Edit("          image: web:1.0\n", "          image: web:1.0\n          envFrom:\n            - configMapRef: {name: web-config}\n"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config-primary\n  namespace: shop\n"),
        "CG2007");

    [Fact]
    public void ApexServiceDefinedByTheUser_IsAWarning()
    {
        RuleVerifier.Verify(Documents(MarkedCanary, Deployment, Service("web")), "CG2007");
        Assert.Equal(DiagnosticSeverity.Warning, RuleVerifier.Single(Documents(Canary, Deployment, Service("web")), "CG2007").Severity);
    }

    [Fact]
    public void ObjectsOwnedByTheCanary_AreNotCollisions() => RuleVerifier.Verify(
        Documents(Canary, Deployment, Service("web-primary").Edit("  namespace: shop\n", "  namespace: shop\n  ownerReferences:\n    - {apiVersion: flagger.app/v1beta1, kind: Canary, name: web}\n")),
        "CG2007");

    [Fact]
    public void UnrelatedServices_AreNotReported() => RuleVerifier.Verify(Documents(Canary, Deployment, Service("web-api"), Service("api-primary")), "CG2007");

    [Fact]
    public void Messages_NameTheObjectAndTheCanary()
    {
        var collision = RuleVerifier.Single(Documents(Canary, Deployment, Service("web-canary")), "CG2007");
        Assert.Equal("Service 'web-canary' is defined in the linted files, but Flagger generates a Service with this name for Canary 'web': one overwrites the other", collision.Message);
        Assert.Equal(DiagnosticSeverity.Error, collision.Severity);
        var apex = RuleVerifier.Single(Documents(Canary, Deployment, Service("web")), "CG2007");
        Assert.Equal("Service 'web' is defined in the linted files and is the apex Service of Canary 'web': Flagger takes it over and rewrites its selector to the primary pods and its ports", apex.Message);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Canary.Edit("    name: web\n  service:", "    # canaryguard-disable-next-line CG2007 -- apex Service kept for the migration\n    name: web\n  service:");
        Assert.True(Assert.Single(RuleVerifier.Lint(Documents(text, Deployment, Service("web"))).Diagnostics, d => d.Id == "CG2007").IsSuppressed);
    }
}
