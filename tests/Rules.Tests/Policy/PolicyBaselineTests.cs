using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Policy;

public sealed class PolicyBaselineTests
{
    private static readonly IReadOnlySet<string> KnownIds = AnalysisEngine.CreateDefault().KnownIds;

    [Fact]
    public void Baseline_IsRead()
    {
        var result = PolicyLoader.Load(".canaryguard.yaml", "baseline: config/.canaryguard-baseline.json\n", KnownIds);
        Assert.Empty(result.Problems);
        Assert.Equal("config/.canaryguard-baseline.json", result.Policy.Baseline);
    }

    [Fact]
    public void NoBaseline_IsNull() =>
        Assert.Null(PolicyLoader.Load(".canaryguard.yaml", "rules: {CG1005: error}\n", KnownIds).Policy.Baseline);

    [Fact]
    public void NonStringBaseline_IsCG0006_AndIgnored()
    {
        var result = PolicyLoader.Load(".canaryguard.yaml", "baseline: [a, b]\n", KnownIds);
        Assert.Equal("CG0006", Assert.Single(result.Problems).Id);
        Assert.Null(result.Policy.Baseline);
    }
}
