using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2002Tests
{
    private static readonly string NoSelectorLabel = Deployment.Edit("    matchLabels:\n      app: web", "    {|CG2002:matchLabels|}:\n      component: web");

    [Fact]
    public void SelectorWithoutAnyFlaggerLabel_IsReportedAtMatchLabels() => RuleVerifier.Verify(Documents(Canary, NoSelectorLabel), "CG2002");

    [Fact]
    public void SelectorWithTheAppLabel_IsNotReported() => RuleVerifier.Verify(Documents(Canary, Deployment), "CG2002");

    [Fact]
    public void WorkloadWithoutCanary_IsNotReported() => RuleVerifier.Verify(Markup.Parse(NoSelectorLabel).Text, "CG2002");

    [Fact]
    public void PolicySelectorLabels_AreTheOnesRead() => RuleVerifier.Verify(
        Documents(Canary, Markup.Parse(NoSelectorLabel).Text),
        CanaryGuardPolicy.Default with { SelectorLabels = ["component"] },
        "CG2002");

    [Fact]
    public void Message_NamesTheLabelsAndTheCanary()
    {
        var finding = RuleVerifier.Single(Documents(Canary, Markup.Parse(NoSelectorLabel).Text), "CG2002");
        Assert.Equal("spec.selector.matchLabels of Deployment 'web' has none of the selector labels Flagger reads (app, name, app.kubernetes.io/name): Canary 'web' never initializes", finding.Message);
        Assert.Equal("spec.selector.matchLabels", finding.Path);
    }

    [Fact]
    public void SuppressAnnotation_SuppressesIt()
    {
        var annotated = Markup.Parse(NoSelectorLabel).Text.Edit("  namespace: shop\nspec:", "  namespace: shop\n  annotations:\n    canaryguard.io/suppress: \"CG2002: legacy selector\"\nspec:");
        var finding = Assert.Single(RuleVerifier.Lint(Documents(Canary, annotated)).Diagnostics, d => d.Id == "CG2002");
        Assert.Equal("legacy selector", finding.Suppression!.Justification);
    }
}
