using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Tests.Kustomize;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.Input;

public sealed class CG0009Tests
{
    // Another image: the two definitions differ, so the order of apply decides which one is in force.
    private static readonly string Changed = Deployment.Edit("image: web:1.0", "image: web:2.0");

    private static readonly string SecondDeployment = Changed.Edit("  name: web\n", "  {|CG0009:name|}: web\n");

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
        var finding = RuleVerifier.Single(Documents(Deployment, Changed), "CG0009");
        Assert.Equal("Deployment 'shop/web' is also defined at test.yaml(1,1): both are applied and the last one wins, so which definition is in force depends on the order of apply", finding.Message);
        Assert.Equal(Deployment.Split('\n').Length + 4, finding.Span!.Value.StartLine);
    }

    [Fact]
    public void FilesOfOneFolder_AreAppliedTogether() =>
        Assert.Equal(["apps/b.yaml"], Lint(("apps/a.yaml", Deployment), ("apps/b.yaml", Changed)).Select(d => d.File));

    [Fact]
    public void FilesOfOtherFolders_AreOtherEnvironments() =>
        Assert.Empty(Lint(("staging/web.yaml", Deployment), ("production/web.yaml", Changed)));

    // A repository that keeps a MetricTemplate in a file of its own and again next to the Canary that uses it.
    [Theory]
    [InlineData("image: web:1.0", "image: web:1.0")]
    [InlineData("  name: web\n  namespace: shop\n", "  namespace: shop\n  name: web\n")]
    public void IdenticalDefinitions_LeaveOneObjectWhateverTheOrder_AndAreNotReported(string old, string replacement) =>
        RuleVerifier.Verify(Documents(Deployment, Deployment.Edit(old, replacement)), "CG0009");

    [Theory]
    [InlineData("containerPort: 8080", "containerPort: \"8080\"")]
    [InlineData("    - name: http\n", "    - name: web\n")]
    public void DefinitionsThatDifferInATypeOrAListItem_AreReported(string old, string replacement) =>
        Assert.Single(Lint(("apps/a.yaml", Deployment), ("apps/b.yaml", Deployment.Edit(old, replacement))));

    [Fact]
    public void AKustomizationsPatch_IsConsumedByItsBuild_AndNeverComparedAsAnObject()
    {
        var fixture = new KustomizeFixture()
            .With("/repo/app/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [web.yaml]\npatches: [{path: patch.yaml}]\n")
            .With("/repo/app/web.yaml", Deployment)
            .With("/repo/app/patch.yaml", Changed);
        var files = fixture.Linted();

        Assert.Empty(Lint(files, KustomizeBuilder.Build(files, fixture)));
        Assert.Equal(["/repo/app/web.yaml"], Lint(files, kustomize: null).Select(d => d.File));
    }

    private static List<Diagnostic> Lint(params (string Path, string Text)[] files) =>
        Lint([.. files.Select(f => YamlManifestReader.Read(f.Path, f.Text))], kustomize: null);

    private static List<Diagnostic> Lint(IReadOnlyList<ManifestFile> files, KustomizeResult? kustomize) =>
        [.. AnalysisEngine.CreateDefault()
            .Analyze(files, new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default, Kustomize = kustomize })
            .Diagnostics.Where(d => d.Id == "CG0009")];
}
