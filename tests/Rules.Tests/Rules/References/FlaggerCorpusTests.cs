using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Rules.References;

/// <summary>
/// Flagger's own Canaries linted together with the workloads they target, as one set: the cross-resource rules
/// must run on real manifests without failing, and what they find is checked by hand (see the rule docs).
/// </summary>
public sealed class FlaggerCorpusTests
{
    private static readonly Lazy<AnalysisResult> Result = new(LintCorpus);

    [SharedDataFact]
    public void TheCorpus_LintsWithoutRuleFailures()
    {
        Assert.DoesNotContain(Result.Value.Diagnostics, d => d.Id == "CG0007");
        Assert.True(Result.Value.ResourceCount > 60, $"only {Result.Value.ResourceCount} resources read");
    }

    [SharedDataFact]
    public void TheCrossResourceIdsThatFire_AreTheVerifiedOnes()
    {
        var fired = Result.Value.Diagnostics.Where(d => d.Id[2] is '2' or '3' or '4').Select(d => d.Id).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["CG2001", "CG2006", "CG2007", "CG2009", "CG2010", "CG3005"], fired);
    }

    [SharedDataFact]
    public void TargetsInAnotherNamespace_AreInfoOnly()
    {
        // The workloads carry no namespace (so they are in default); most Canaries are in test.
        var notFound = Result.Value.Diagnostics.Where(d => d.Message.EndsWith("(not found in the linted files)", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(notFound);
        Assert.All(notFound, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Contains("DaemonSet 'podinfo-ds'", Find("CG2001", "test__kubernetes__test-daemonset.sh.yaml", 14).Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void HowItWorksCanary_MissesTheAutoscalerOfTheKustomizePodinfo()
    {
        var finding = Find("CG2006", "docs__gitbook__usage__how-it-works.md.yaml", 9);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        Assert.StartsWith("HorizontalPodAutoscaler 'podinfo' scales the target Deployment 'podinfo'", finding.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void PublicGatewayOnlyTutorials_GetCG3005()
    {
        Assert.Contains("istio-system/public-gateway", Find("CG3005", "docs__gitbook__tutorials__istio-progressive-delivery.md.yaml", 29).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Result.Value.Diagnostics, d => d.Id == "CG3005" && d.File.EndsWith("test__istio__test-canary.sh.yaml", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public void FaqDelegationBackend_SharesPodinfoWithThePodinfoCanaries() =>
        Assert.Equal("Canary 'podinfo' also targets Deployment 'podinfo': both generate 'podinfo-primary' and overwrite each other's routing", Find("CG2009", "docs__gitbook__faq.md.yaml", 118).Message);

    private static Diagnostic Find(string id, string file, int line) =>
        Assert.Single(Result.Value.Diagnostics, d => d.Id == id && Path.GetFileName(d.File) == file && d.Span?.StartLine == line);

    private static AnalysisResult LintCorpus()
    {
        var flagger = SharedData.Path("flagger");
        var files = Directory.GetFiles(Path.Combine(flagger, "canaries"), "*.yaml")
            .Concat(Directory.GetFiles(Path.Combine(flagger, "workloads"), "*.yaml"))
            .Order(StringComparer.Ordinal)
            .Select(path => YamlManifestReader.Read(path, File.ReadAllText(path)))
            .ToList();
        return AnalysisEngine.CreateDefault().Analyze(files, new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default });
    }
}
