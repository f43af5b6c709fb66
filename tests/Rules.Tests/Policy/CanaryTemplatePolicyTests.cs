using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Policy;

public sealed class CanaryTemplatePolicyTests
{
    private static readonly IReadOnlySet<string> KnownIds = AnalysisEngine.CreateDefault().KnownIds;

    private static PolicyLoadResult Load(string yaml) => PolicyLoader.Load(".canaryguard.yaml", yaml, KnownIds);

    [Fact]
    public void NoTemplate_GivesTheSafeDefaults()
    {
        var template = Load("meshProvider: istio\n").Policy.CanaryTemplate;
        Assert.Equal(TimeSpan.FromMinutes(1), template.Interval);
        Assert.Equal(5, template.Threshold);
        Assert.Equal(50, template.MaxWeight);
        Assert.Equal(10, template.StepWeight);
        Assert.Equal(99, template.RequestSuccessRateMin);
        Assert.Equal(500, template.RequestDurationMax);
        Assert.Equal(TimeSpan.FromMinutes(1), template.MetricInterval);
        Assert.Null(template.LoadTester);
    }

    [Fact]
    public void EveryEntry_IsRead()
    {
        var result = Load("""
            canaryTemplate:
              interval: 2m
              threshold: 3
              maxWeight: 60
              stepWeight: 20
              requestSuccessRateMin: 99.5
              requestDurationMax: 250
              metricInterval: 2m
              loadTester: http://flagger-loadtester.test/
            """);
        Assert.Empty(result.Problems);
        var template = result.Policy.CanaryTemplate;
        Assert.Equal(TimeSpan.FromMinutes(2), template.Interval);
        Assert.Equal(3, template.Threshold);
        Assert.Equal(60, template.MaxWeight);
        Assert.Equal(20, template.StepWeight);
        Assert.Equal(99.5, template.RequestSuccessRateMin);
        Assert.Equal(250, template.RequestDurationMax);
        Assert.Equal(TimeSpan.FromMinutes(2), template.MetricInterval);
        Assert.Equal("http://flagger-loadtester.test/", template.LoadTester);
    }

    [Theory]
    [InlineData("canaryTemplate: {interval: 5s}", "'canaryTemplate.interval' must be at least 10s")]
    [InlineData("canaryTemplate: {threshold: 0}", "'canaryTemplate.threshold' must be between 1 and 1000")]
    [InlineData("canaryTemplate: {maxWeight: 101}", "'canaryTemplate.maxWeight' must be between 1 and 100")]
    [InlineData("canaryTemplate: {stepWeight: 50}", "'canaryTemplate.stepWeight' (50) must be below maxWeight (50)")]
    [InlineData("canaryTemplate: {requestSuccessRateMin: 101}", "'canaryTemplate.requestSuccessRateMin' is a percentage")]
    [InlineData("canaryTemplate: {requestDurationMax: fast}", "'canaryTemplate.requestDurationMax' must be a number")]
    [InlineData("canaryTemplate: {loadTester: flagger-loadtester}", "'canaryTemplate.loadTester' must be an absolute http or https URL")]
    [InlineData("canaryTemplate: {maxweight: 10}", "unknown setting 'canaryTemplate.maxweight'")]
    [InlineData("canaryTemplate: [1]", "'canaryTemplate' must be a mapping")]
    public void BadEntry_IsCG0006_AndTheDefaultStays(string yaml, string message)
    {
        var result = Load(yaml);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("CG0006", problem.Id);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(new CanaryTemplatePolicy(), result.Policy.CanaryTemplate);
    }

    [Fact]
    public void BadEntry_PointsAtItsLine()
    {
        var problem = Assert.Single(Load("canaryTemplate:\n  threshold: 5\n  maxWeight: 0\n").Problems);
        Assert.Equal(3, problem.Span!.Value.StartLine);
        Assert.Equal(3, problem.Span.Value.StartColumn);
    }
}
