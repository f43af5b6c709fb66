using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2009Tests
{
    private static readonly string SecondCanary = Canary.Edit("  name: web\n  namespace", "  name: web-b\n  namespace");

    [Fact]
    public void TwoCanariesOnOneDeployment_AreBothReported() => RuleVerifier.Verify(
        Documents(
            Canary.Edit("    name: web\n  service:", "    {|CG2009:name|}: web\n  service:"),
            SecondCanary.Edit("    name: web\n  service:", "    {|CG2009:name|}: web\n  service:"),
            Deployment),
        "CG2009");

    [Fact]
    public void CanariesOnDifferentTargets_AreNotReported() => RuleVerifier.Verify(
        Documents(Canary, SecondCanary.Edit("    name: web\n  service:", "    name: api\n  service:")),
        "CG2009");

    [Fact]
    public void CanariesInDifferentNamespaces_AreNotReported() => RuleVerifier.Verify(Documents(Canary, SecondCanary.Edit("namespace: shop", "namespace: other")), "CG2009");

    [Fact]
    public void TwoDefinitionsOfTheSameCanary_AreNotReported() => RuleVerifier.Verify(Documents(Canary, Canary), "CG2009");

    [Fact]
    public void Message_NamesTheOtherCanary()
    {
        var findings = RuleVerifier.Lint(Documents(Canary, SecondCanary)).Diagnostics.Where(d => d.Id == "CG2009").ToList();
        Assert.Equal(2, findings.Count);
        Assert.Equal("Canary 'web-b' also targets Deployment 'web': both generate 'web-primary' and overwrite each other's routing", findings[0].Message);
    }

    [Fact]
    public void EachFinding_NamesTheOtherCanary_AsRelatedLocation_AtItsName()
    {
        var findings = RuleVerifier.Lint(Documents(Canary, SecondCanary)).Diagnostics.Where(d => d.Id == "CG2009").ToList();

        var first = Assert.Single(findings[0].Related);
        var second = Assert.Single(findings[1].Related);
        Assert.Equal("Canary shop/web-b", first.Message);
        Assert.Equal("Canary shop/web", second.Message);
        Assert.True(first.Span.StartLine > second.Span.StartLine, "each names the other one's metadata.name, further down for the first");
    }

    [Fact]
    public void SuppressAnnotation_SuppressesItOnThatCanary()
    {
        var annotated = SecondCanary.Edit("  namespace: shop\n", "  namespace: shop\n  annotations: {canaryguard.io/suppress: \"CG2009: being replaced\"}\n");
        var findings = RuleVerifier.Lint(Documents(Canary, annotated)).Diagnostics.Where(d => d.Id == "CG2009").ToList();
        Assert.Single(findings, d => d.IsSuppressed);
        Assert.Single(findings, d => !d.IsSuppressed);
    }
}
