using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

/// <summary>Test Canaries for the traffic rules (CG1001-CG1012), built on <see cref="Yaml.Canary"/>.</summary>
internal static class TrafficYaml
{
    /// <summary>A Canary with the analysis body, marked to expect <paramref name="id"/> at the analysis key.</summary>
    public static string MarkedAtAnalysisKey(string id, string analysisBody) =>
        Yaml.Canary(analysisBody).Replace("  analysis:", "  {|" + id + ":analysis|}:", StringComparison.Ordinal);

    /// <summary>A Canary with <c>provider: kubernetes</c>: Flagger runs it as blue/green whatever its weights say.</summary>
    public static string KubernetesProviderCanary(string analysisBody) =>
        Yaml.Canary(analysisBody).Replace("spec:\n", "spec:\n  provider: kubernetes\n", StringComparison.Ordinal);

    /// <summary>The unsuppressed findings of one id.</summary>
    public static IReadOnlyList<CanaryGuard.Rules.Engine.Diagnostic> Findings(string yaml, string id, CanaryGuard.Rules.Policy.CanaryGuardPolicy? policy = null) =>
        RuleVerifier.Lint(yaml, policy).Diagnostics.Where(d => d.Id == id && !d.IsSuppressed).ToList();
}
