using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Rules.Input;

/// <summary>The whole rule set over the 30 real Canary files of Flagger v1.44's examples, docs and end-to-end tests.</summary>
public sealed class CanaryCorpusTests
{
    private static readonly AnalysisEngine Engine = AnalysisEngine.CreateDefault();

    public static TheoryData<string> CanaryFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(SharedData.Path("flagger", "canaries")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [SharedDataFact]
    public void TheCorpusHasThirtyFiles() => Assert.Equal(30, CanaryFiles().Count);

    [SharedDataTheory]
    [MemberData(nameof(CanaryFiles))]
    public void EveryFile_IsLintedWithoutARuleFailure(string fileName)
    {
        var result = Lint(fileName);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CG0007");
        if (fileName != "charts__podinfo__templates__canary.yaml")
        {
            // Only the Helm template is not plain YAML.
            Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CG0001" or "CG0008");
            Assert.True(result.ResourceCount > 0, $"{fileName} holds no resource");
        }
    }

    [SharedDataFact]
    public void KumasDeprecatedMetricThresholds_AreReported()
    {
        var deprecated = Lint("artifacts__examples__kuma-canary.yaml").Diagnostics.Where(d => d.Id == "CG0005").ToList();
        Assert.Equal(["spec.analysis.metrics[0].threshold", "spec.analysis.metrics[1].threshold"], deprecated.Select(d => d.Path));
        Assert.Equal("spec.analysis.metrics[0].threshold is deprecated: use thresholdRange: {min: 99} instead", deprecated[0].Message);
    }

    private static AnalysisResult Lint(string fileName)
    {
        var path = Path.Combine(SharedData.Path("flagger", "canaries"), fileName);
        var file = YamlManifestReader.Read(fileName, File.ReadAllText(path));
        return Engine.Analyze([file], new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default });
    }
}
