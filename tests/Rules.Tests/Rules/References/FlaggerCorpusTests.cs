using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Rules.References;

/// <summary>
/// Flagger's own Canaries linted together with the workloads they target, as one set: the cross-resource rules
/// must run on real manifests without failing, and what they find is checked by hand (see the rule docs).
/// </summary>
public sealed class FlaggerCorpusTests
{
    private static readonly Lazy<AnalysisResult> Result = new(LintCorpus);

    [Fact]
    public void TheCorpus_LintsWithoutRuleFailures()
    {
        Assert.DoesNotContain(Result.Value.Diagnostics, d => d.Id == "CG0007");
        Assert.True(Result.Value.ResourceCount > 60, $"only {Result.Value.ResourceCount} resources read");
    }

    [Fact]
    public void Report_ListsWhatTheCrossResourceRulesFind()
    {
        var fired = Result.Value.Diagnostics
            .Where(d => d.Id[2] is '2' or '3' or '4')
            .Select(d => $"{d.Id} {d.Severity.ToText()} {Path.GetFileName(d.File)}({d.Span?.StartLine}) {d.Message}")
            .ToList();
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "flagger-corpus-references.txt"), fired);
        Assert.NotEmpty(fired);
    }

    private static AnalysisResult LintCorpus()
    {
        var flagger = Path.Combine(SharedFolder(), "flagger");
        var files = Directory.GetFiles(Path.Combine(flagger, "canaries"), "*.yaml")
            .Concat(Directory.GetFiles(Path.Combine(flagger, "workloads"), "*.yaml"))
            .Order(StringComparer.Ordinal)
            .Select(path => YamlManifestReader.Read(path, File.ReadAllText(path)))
            .ToList();
        return AnalysisEngine.CreateDefault().Analyze(files, new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default });
    }

    /// <summary>The shared reference data: a <c>shared</c> folder holding flagger/crd.yaml beside one of the test's parent folders.</summary>
    private static string SharedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (File.Exists(Path.Combine(candidate, "flagger", "crd.yaml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no shared/flagger/crd.yaml above {AppContext.BaseDirectory}");
    }
}
