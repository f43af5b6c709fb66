using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Rules.Input;

/// <summary>Runs the engine over several named in-memory files, as <c>canaryguard lint a.yaml b.yaml</c> would.</summary>
internal static class EngineTestSupport
{
    public static AnalysisResult LintFiles(params (string Name, string Text)[] files) =>
        LintFiles(AnalysisEngine.CreateDefault(), files);

    public static AnalysisResult LintFiles(AnalysisEngine engine, params (string Name, string Text)[] files) =>
        engine.Analyze(
            [.. files.Select(f => YamlManifestReader.Read(f.Name, f.Text))],
            new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default });

    /// <summary>A Canary whose only analysis finding is CG1005 (stepWeight 60 with maxWeight 50, on line 14).</summary>
    public static string CanaryWithCG1005 =>
        CanaryGuard.Rules.Tests.Infrastructure.Yaml.Canary("    interval: 1m\n    threshold: 5\n    maxWeight: 50\n    stepWeight: 60\n" + CanaryGuard.Rules.Tests.Infrastructure.Yaml.SafeChecks);
}
