using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2003Tests
{
    private static readonly string OtherDeployment = Deployment.Edit("  name: web\n", "  name: web-v2\n");

    [Fact]
    public void SelectorLabelSharedWithAnotherDeployment_IsReportedAtTheValue() => RuleVerifier.Verify(
        Documents(Canary, Deployment.Edit("    matchLabels:\n      app: web", "    matchLabels:\n      {|CG2003:app|}: web"), OtherDeployment),
        "CG2003");

    [Fact]
    public void SelectorLabelValueDifferentFromTheName_IsReported() => RuleVerifier.Verify(
        Documents(Canary, Deployment.Edit("    matchLabels:\n      app: web", "    matchLabels:\n      {|CG2003:app|}: frontend")),
        "CG2003");

    [Fact]
    public void UniqueLabelMatchingTheName_IsNotReported() => RuleVerifier.Verify(
        Documents(Canary, Deployment, OtherDeployment.Edit("      app: web\n  template", "      app: web-v2\n  template")),
        "CG2003");

    [Fact]
    public void TwoDefinitionsOfTheSameDeployment_AreNotACollision() => RuleVerifier.Verify(Documents(Canary, Deployment, Deployment), "CG2003");

    [Fact]
    public void SharedLabelInAnotherNamespace_IsNotReported() => RuleVerifier.Verify(
        Documents(Canary, Deployment, OtherDeployment.Edit("namespace: shop", "namespace: other")),
        "CG2003");

    [Fact]
    public void Message_NamesTheOtherWorkload()
    {
        var finding = RuleVerifier.Single(Documents(Canary, Deployment, OtherDeployment), "CG2003");
        Assert.Equal("selector label app=web is also used by Deployment 'web-v2' in namespace 'shop': the Services Flagger generates select both workloads' pods", finding.Message);
    }

    [Fact]
    public void NameMismatchMessage_ExplainsThePrimaryLabel()
    {
        var finding = RuleVerifier.Single(Documents(Canary, Deployment.Edit("      app: web\n  template", "      app: frontend\n  template")), "CG2003");
        Assert.Equal("selector label app=frontend differs from the Deployment name 'web': Flagger labels the primary 'frontend-primary' and the generated Services select by the label, not the name", finding.Message);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var result = RuleVerifier.Lint(Documents(Canary, Deployment.Edit("    matchLabels:\n      app: web", "    matchLabels:\n      # canaryguard-disable-next-line CG2003 -- blue/green pair\n      app: web"), OtherDeployment));
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG2003");
        Assert.Equal("blue/green pair", finding.Suppression!.Justification);
    }
}
