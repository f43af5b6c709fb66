using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Policy;

public sealed class PolicyLoaderTests
{
    private static readonly IReadOnlySet<string> KnownIds = AnalysisEngine.CreateDefault().KnownIds;

    private static PolicyLoadResult Load(string yaml) => PolicyLoader.Load(".canaryguard.yaml", yaml, KnownIds);

    [Fact]
    public void ValidPolicy_IsReadWithoutProblems()
    {
        var result = Load("""
            rules: {CG1005: error, CG1013: none}
            categories: {Analysis: suggestion}
            analysis:
              minAnalyses: 5
              minAnalysisTime: 10m
              maxRolloutTime: 2h
              maxTimeToRollback: 5m
              scrapeInterval: 30s
              requiredMetrics: [request-success-rate]
            meshProvider: linkerd
            selectorLabels: [app]
            exclude: ["generated/**"]
            defaultNamespace: shop
            kubernetesVersion: "1.24"
            complete: true
            namespaces: {shop: {labels: {istio-injection: enabled}}}
            """);
        Assert.Empty(result.Problems);
        var policy = result.Policy;
        Assert.Equal(DiagnosticSeverity.Error, policy.RuleSeverities["CG1005"]);
        Assert.Equal(DiagnosticSeverity.None, policy.RuleSeverities["CG1013"]);
        Assert.Equal(DiagnosticSeverity.Info, policy.CategorySeverities["Analysis"]);
        Assert.Equal(5, policy.Analysis.MinAnalyses);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.Analysis.MinAnalysisTime);
        Assert.Equal(TimeSpan.FromHours(2), policy.Analysis.MaxRolloutTime);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.Analysis.ScrapeInterval);
        Assert.Equal(["request-success-rate"], policy.Analysis.RequiredMetrics);
        Assert.Equal("linkerd", policy.MeshProvider);
        Assert.Equal(["app"], policy.SelectorLabels);
        Assert.Equal("shop", policy.DefaultNamespace);
        Assert.Equal(new Version(1, 24), policy.KubernetesVersion);
        Assert.True(policy.Complete);
        Assert.Equal("enabled", policy.NamespaceLabels["shop"]["istio-injection"]);
    }

    [Fact]
    public void IdBeatsCategoryBeatsDefault()
    {
        var policy = Load("rules: {CG1005: error}\ncategories: {Analysis: info}\n").Policy;
        var cg1005 = new DiagnosticDescriptor("CG1005", "t", "m", RuleCategories.Analysis, DiagnosticSeverity.Warning, "d");
        var cg1013 = new DiagnosticDescriptor("CG1013", "t", "m", RuleCategories.Analysis, DiagnosticSeverity.Error, "d");
        var cg3001 = new DiagnosticDescriptor("CG3001", "t", "m", RuleCategories.Mesh, DiagnosticSeverity.Error, "d");
        Assert.Equal(DiagnosticSeverity.Error, policy.EffectiveSeverity(cg1005, DiagnosticSeverity.Warning));
        Assert.Equal(DiagnosticSeverity.Info, policy.EffectiveSeverity(cg1013, DiagnosticSeverity.Error));
        Assert.Equal(DiagnosticSeverity.Error, policy.EffectiveSeverity(cg3001, DiagnosticSeverity.Error));
    }

    [Fact]
    public void UnknownRuleId_IsCG0006AtItsLine_AndTheRestStillApplies()
    {
        var result = Load("rules:\n  CG9999: error\n  CG1005: error\n");
        var problem = Assert.Single(result.Problems);
        Assert.Equal("CG0006", problem.Id);
        Assert.Equal(2, problem.Span!.Value.StartLine);
        Assert.Equal(3, problem.Span.Value.StartColumn);
        Assert.Contains("unknown rule id 'CG9999'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Error, result.Policy.RuleSeverities["CG1005"]);
        Assert.False(result.Policy.RuleSeverities.ContainsKey("CG9999"));
    }

    [Theory]
    [InlineData("rules: {CG1005: loud}", "'loud' is not a severity for CG1005")]
    [InlineData("categories: {Style: error}", "unknown category 'Style'")]
    [InlineData("analysis: {minAnalyses: 0}", "'analysis.minAnalyses' must be between 1 and 1000")]
    [InlineData("analysis: {minAnalyses: three}", "'analysis.minAnalyses' must be a whole number")]
    [InlineData("analysis: {scrapeInterval: 15}", "'analysis.scrapeInterval' must be a duration")]
    [InlineData("analysis: {minAnalysisTime: 2h, maxRolloutTime: 1h}", "longer than 'analysis.maxRolloutTime'")]
    [InlineData("analysis: {speed: 3}", "unknown setting 'analysis.speed'")]
    [InlineData("meshProvider: envoy", "unknown meshProvider 'envoy'")]
    [InlineData("selectorLabels: []", "'selectorLabels' must name at least one label")]
    [InlineData("defaultNamespace: Shop_1", "'defaultNamespace' must be a valid namespace name")]
    [InlineData("complete: maybe", "'complete' must be true or false")]
    [InlineData("kubernetesVersion: latest", "'kubernetesVersion' must be a Kubernetes release such as \"1.29\"")]
    [InlineData("kubernetesVersion: \"2.1\"", "'kubernetesVersion' must be a Kubernetes release such as \"1.29\"")]
    [InlineData("colour: red", "unknown policy setting 'colour'")]
    [InlineData("- a list", "the policy file must be a mapping")]
    public void BadEntries_AreCG0006WithAClearMessage_AndDefaultsStay(string yaml, string message)
    {
        var result = Load(yaml);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("CG0006", problem.Id);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.NotNull(problem.Span);
        Assert.Equivalent(CanaryGuardPolicy.Default.Analysis, result.Policy.Analysis, strict: true);
    }

    [Fact]
    public void UnparsablePolicy_IsCG0001_AndTheDefaultApplies()
    {
        var result = Load("rules: {CG1005: error\n");
        Assert.Equal("CG0001", Assert.Single(result.Problems).Id);
        Assert.Empty(result.Policy.RuleSeverities);
    }
}
