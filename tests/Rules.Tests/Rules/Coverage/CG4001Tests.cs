using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Rules.References;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Coverage;

public sealed class CG4001Tests
{
    private static readonly CanaryGuardPolicy RequireWebTier = CanaryGuardPolicy.Default with
    {
        RequireCanary = new Dictionary<string, string> { ["tier"] = "web" },
    };

    private static readonly string OptedIn = Deployment.Edit("  name: web\n  namespace: shop\n", "  {|CG4001:name|}: web\n  namespace: shop\n  annotations:\n    canaryguard.io/canary: enabled\n");

    private static readonly string WebTier = Deployment.Edit("  name: web\n  namespace: shop\n", "  {|CG4001:name|}: web\n  namespace: shop\n  labels:\n    tier: web\n");

    [Fact]
    public void AnnotatedDeploymentWithoutCanary_IsReportedAtItsName() => RuleVerifier.Verify(OptedIn, "CG4001");

    [Fact]
    public void AnnotatedDeploymentWithCanary_IsNotReported() => RuleVerifier.Verify(Documents(Canary, Markup.Parse(OptedIn).Text), "CG4001");

    [Fact]
    public void DeploymentInAnOptedInNamespace_IsReported() => RuleVerifier.Verify(
        Documents(Deployment.Edit("  name: web\n", "  {|CG4001:name|}: web\n"), Namespace("canaryguard.io/canary: enabled")),
        "CG4001");

    [Fact]
    public void DeploymentMatchedByRequireCanary_IsReported() => RuleVerifier.Verify(WebTier, RequireWebTier, "CG4001");

    [Fact]
    public void DeploymentNotMatchedByRequireCanary_IsNotReported() => RuleVerifier.Verify(Markup.Parse(WebTier).Text.Edit("tier: web", "tier: batch"), RequireWebTier, "CG4001");

    [Fact]
    public void NotOptedIn_IsNotReported() => RuleVerifier.Verify(Deployment, "CG4001");

    [Fact]
    public void RequireCanary_IsReadFromThePolicyFile()
    {
        var loaded = PolicyLoader.Load(".canaryguard.yaml", "requireCanary:\n  matchLabels:\n    tier: web\n", AnalysisEngine.CreateDefault().KnownIds);
        Assert.Empty(loaded.Problems);
        Assert.Equal("web", loaded.Policy.RequireCanary["tier"]);
        RuleVerifier.Verify(WebTier, loaded.Policy, "CG4001");
    }

    [Theory]
    [InlineData("requireCanary: [tier]\n")]
    [InlineData("requireCanary:\n  matchLabels: {}\n")]
    [InlineData("requireCanary:\n  matchLabels: {tier: web}\n  matchExpressions: []\n")]
    public void InvalidRequireCanary_IsCG0006AndIgnored(string text)
    {
        var loaded = PolicyLoader.Load(".canaryguard.yaml", text, AnalysisEngine.CreateDefault().KnownIds);
        var problem = Assert.Single(loaded.Problems);
        Assert.Equal("CG0006", problem.Id);
        Assert.Equal(1, problem.Span!.Value.StartLine);
        Assert.Empty(loaded.Policy.RequireCanary);
    }

    [Fact]
    public void Message_GivesTheReason()
    {
        var finding = RuleVerifier.Single(Markup.Parse(OptedIn).Text, "CG4001");
        Assert.Equal("Deployment 'web' is opted into canary delivery (annotation canaryguard.io/canary: enabled) but no Canary targets it: its releases go out without analysis", finding.Message);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.Equal(
            "Deployment 'web' is opted into canary delivery (the policy's requireCanary selector matches its labels) but no Canary targets it: its releases go out without analysis",
            RuleVerifier.Single(Markup.Parse(WebTier).Text, "CG4001", RequireWebTier).Message);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Markup.Parse(OptedIn).Text.Edit("  name: web\n", "  # canaryguard-disable-next-line CG4001 -- Canary lives in the platform repo\n  name: web\n");
        Assert.True(Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG4001").IsSuppressed);
    }
}
