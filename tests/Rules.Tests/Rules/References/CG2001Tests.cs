using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2001Tests
{
    private static readonly CanaryGuardPolicy Complete = CanaryGuardPolicy.Default with { Complete = true };

    [Fact]
    public void TargetInTheSet_IsNotReported() => RuleVerifier.Verify(Documents(Canary, Deployment), "CG2001");

    [Fact]
    public void MissingTarget_IsReportedAtTheTargetName() => RuleVerifier.Verify(
        Documents(Canary.Edit("    name: web\n  service:", "    {|CG2001:name|}: web\n  service:"), Deployment.Edit("name: web\n  namespace: shop", "name: api\n  namespace: shop")),
        "CG2001");

    [Fact]
    public void TargetInAnotherNamespace_IsNotFound() => RuleVerifier.Verify(
        Documents(Canary.Edit("    name: web\n  service:", "    {|CG2001:name|}: web\n  service:"), Deployment.Edit("namespace: shop", "namespace: other")),
        "CG2001");

    [Fact]
    public void TargetKindThatIsNotAWorkload_IsReportedAtTheKind() => RuleVerifier.Verify(
        Documents(Canary.Edit("    kind: Deployment", "    {|CG2001:kind|}: StatefulSet"), Deployment),
        "CG2001");

    [Fact]
    public void DaemonSetTarget_IsFound() => RuleVerifier.Verify(
        Documents(Canary.Edit("kind: Deployment", "kind: DaemonSet"), Deployment.Edit("kind: Deployment", "kind: DaemonSet")),
        "CG2001");

    [Fact]
    public void Offline_MissingTargetIsInfoAndSaysSo()
    {
        var finding = RuleVerifier.Single(Canary, "CG2001");
        Assert.Equal(DiagnosticSeverity.Info, finding.Severity);
        Assert.Equal("targetRef names Deployment 'web', which does not exist in namespace 'shop': Flagger never initializes the Canary (not found in the linted files)", finding.Message);
        Assert.Equal("spec.targetRef.name", finding.Path);
    }

    [Fact]
    public void Complete_MissingTargetIsAnErrorWithoutTheSuffix()
    {
        var finding = RuleVerifier.Single(Canary, "CG2001", Complete);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal("targetRef names Deployment 'web', which does not exist in namespace 'shop': Flagger never initializes the Canary", finding.Message);
    }

    [Fact]
    public void Complete_IsMarkedAtTheSameSpan() => RuleVerifier.Verify(
        Canary.Edit("    name: web\n  service:", "    {|CG2001:name|}: web\n  service:"), Complete, "CG2001");

    [Fact]
    public void NoNamespace_UsesThePolicyDefaultNamespace() => RuleVerifier.Verify(
        Documents(Canary.Edit("  namespace: shop\n", string.Empty), Deployment.Edit("  namespace: shop\n", "  namespace: default\n")),
        "CG2001");

    [Fact]
    public void LookupOutsideTheLintedFiles_IsWhatTheRuleAsks()
    {
        // The webhook lints one admitted object and backs the look-ups with the cluster.
        var cluster = new Workspace([YamlManifestReader.Read("cluster.yaml", Deployment)], "default", isComplete: true);
        var canaryOnly = YamlManifestReader.Read("canary.yaml", Canary);
        var options = new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default, Lookup = cluster };
        Assert.DoesNotContain(AnalysisEngine.CreateDefault().Analyze([canaryOnly], options).Diagnostics, d => d.Id == "CG2001");

        var empty = new Workspace([], "default", isComplete: true);
        var missing = Assert.Single(AnalysisEngine.CreateDefault().Analyze([canaryOnly], options with { Lookup = empty }).Diagnostics, d => d.Id == "CG2001");
        Assert.Equal(DiagnosticSeverity.Error, missing.Severity);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesIt()
    {
        var result = RuleVerifier.Lint(Canary.Edit("    name: web\n  service:", "    # canaryguard-disable-next-line CG2001 -- deployed by another repo\n    name: web\n  service:"));
        Assert.True(Assert.Single(result.Diagnostics, d => d.Id == "CG2001").IsSuppressed);
    }
}
