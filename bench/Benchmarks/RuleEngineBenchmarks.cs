using BenchmarkDotNet.Attributes;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Bench.Benchmarks;

/// <summary>One Canary (examples/safe/canary.yaml) parsed and analysed by every rule, as the linter does per file.</summary>
[MemoryDiagnoser]
public class RuleEngineBenchmarks
{
    private readonly AnalysisEngine engine = AnalysisEngine.CreateDefault();
    private readonly AnalysisOptions options = new() { PolicyFor = _ => CanaryGuardPolicy.Default, Parallel = false };
    private string path = string.Empty;
    private string text = string.Empty;

    [GlobalSetup]
    public void ReadCanary()
    {
        path = BenchmarkInputs.Repository("examples", "safe", "canary.yaml");
        text = File.ReadAllText(path);
    }

    [Benchmark]
    public ManifestFile Parse() => YamlManifestReader.Read(path, text);

    [Benchmark]
    public AnalysisResult ParseAndAnalyze() => engine.Analyze([YamlManifestReader.Read(path, text)], options);
}
