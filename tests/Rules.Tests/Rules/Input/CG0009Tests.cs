using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Input;

public sealed class CG0009Tests
{
    private static readonly string SecondDeployment = Deployment.Edit("  name: web\n", "  {|CG0009:name|}: web\n");

    [Fact]
    public void SameObjectTwiceInAFile_IsReportedAtTheSecondName() => RuleVerifier.Verify(Documents(Deployment, SecondDeployment), "CG0009");

    [Fact]
    public void AnotherApiVersionOfTheSameGroup_IsTheSameObject() => RuleVerifier.Verify(
        Documents(Deployment, SecondDeployment.Edit("apiVersion: apps/v1\n", "apiVersion: apps/v1beta2\n")),
        "CG0009");

    [Theory]
    [InlineData("  name: web\n", "  name: api\n")]
    [InlineData("  namespace: shop\n", "  namespace: staging\n")]
    [InlineData("kind: Deployment\n", "kind: DaemonSet\n")]
    public void AnotherNameNamespaceOrKind_IsNotReported(string old, string replacement) =>
        RuleVerifier.Verify(Documents(Deployment, Deployment.Edit(old, replacement)), "CG0009");

    [Fact]
    public void Message_PointsAtTheOtherDefinition()
    {
        var finding = RuleVerifier.Single(Documents(Deployment, Deployment), "CG0009");
        Assert.Equal("Deployment 'shop/web' is also defined at test.yaml(1,1): both are applied and the last one wins, so which definition is in force depends on the order of apply", finding.Message);
        Assert.Equal(Deployment.Split('\n').Length + 4, finding.Span!.Value.StartLine);
    }

    [Fact]
    public void FilesOfOneFolder_AreAppliedTogether() =>
        Assert.Equal(["apps/b.yaml"], Lint(("apps/a.yaml", Deployment), ("apps/b.yaml", Deployment)).Select(d => d.File));

    [Fact]
    public void FilesOfOtherFolders_AreOtherEnvironments() =>
        Assert.Empty(Lint(("staging/web.yaml", Deployment), ("production/web.yaml", Deployment)));

    [Fact]
    public void AKustomizedFolder_HoldsPatches_AndIsNotReported() => Assert.Empty(Lint(
        ("app/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [web.yaml]\npatches: [{path: patch.yaml}]\n"),
        ("app/web.yaml", Deployment),
        ("app/patch.yaml", Deployment)));

    private static List<Diagnostic> Lint(params (string Path, string Text)[] files) =>
        [.. AnalysisEngine.CreateDefault()
            .Analyze([.. files.Select(f => YamlManifestReader.Read(f.Path, f.Text))], new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default })
            .Diagnostics.Where(d => d.Id == "CG0009")];
}
