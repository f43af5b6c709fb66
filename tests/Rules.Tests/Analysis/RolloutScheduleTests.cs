using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Tests.Analysis;

/// <summary>RolloutSchedule against Flagger v1.44's scheduler (maxWeight(), nextStepWeight(), GetAnalysisInterval()).</summary>
public sealed class RolloutScheduleTests
{
    private static RolloutSchedule Schedule(string analysisBody, string? provider = null)
    {
        var resource = Assert.Single(KubernetesResource.FromFile(YamlManifestReader.Read("schedule.yaml", Yaml.Canary(analysisBody))));
        return RolloutSchedule.From(CanaryView.From(resource)!.Analysis!, provider)!;
    }

    [Fact]
    public void StepWeight_StepsUpToMaxWeight()
    {
        var schedule = Schedule("    interval: 1m\n    maxWeight: 50\n    stepWeight: 20\n");
        Assert.Equal(RolloutStrategy.StepWeight, schedule.Strategy);
        Assert.Equal([20, 40, 60], schedule.Weights);
        Assert.Equal(TimeSpan.FromMinutes(3), schedule.TimeToPromotion);
    }

    [Fact]
    public void Iterations_WinOverWeights_AsInFlaggersScheduler()
    {
        var schedule = Schedule("    interval: 1m\n    iterations: 4\n    stepWeight: 10\n    stepWeights: [10, 20]\n");
        Assert.Equal(RolloutStrategy.Iterations, schedule.Strategy);
        Assert.Equal(5, schedule.Analyses);
    }

    [Fact]
    public void ABTest_AnalysesOncePerIteration_BlueGreenOnceMore()
    {
        Assert.Equal(4, Schedule("    interval: 1m\n    iterations: 4\n    match: [{headers: {x-canary: {exact: insider}}}]\n").Analyses);
        Assert.Equal(5, Schedule("    interval: 1m\n    iterations: 4\n").Analyses);
        Assert.Equal(5, Schedule("    interval: 1m\n    iterations: 4\n    match: [{headers: {x-canary: {exact: insider}}}]\n", "kubernetes").Analyses);
    }

    [Fact]
    public void PositiveStepWeight_IsUsedWithTheLastOfStepWeightsAsMaximum()
    {
        var schedule = Schedule("    interval: 1m\n    maxWeight: 90\n    stepWeight: 20\n    stepWeights: [10, 40]\n");
        Assert.Equal(RolloutStrategy.StepWeight, schedule.Strategy);
        Assert.Equal(40, schedule.MaxWeight);
        Assert.Equal([20, 40], schedule.Weights);
    }

    [Fact]
    public void StepWeightsAbove100_AreCappedAtTheTotalWeight()
    {
        var schedule = Schedule("    interval: 1m\n    stepWeights: [50, 150]\n");
        Assert.Equal(RolloutStrategy.StepWeights, schedule.Strategy);
        Assert.Equal(100, schedule.MaxWeight);
        Assert.Equal([50, 100], schedule.Weights);
        Assert.True(schedule.Promotes);
    }

    [Fact]
    public void FirstStepWeightNotPositive_NeverProgresses() =>
        Assert.Equal(RolloutStrategy.None, Schedule("    interval: 1m\n    stepWeights: [0, 10]\n").Strategy);

    [Theory]
    [InlineData("    interval: 5s\n", 10)]
    [InlineData("    interval: 5sec\n", 60)]
    [InlineData("", 60)]
    [InlineData("    interval: 2m\n", 120)]
    public void Interval_HasFlaggersFloorAndDefault(string interval, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Schedule(interval + "    stepWeight: 10\n").Interval);

    [Fact]
    public void KubernetesProvider_RunsTenIterationsWhenNoneAreSet()
    {
        var schedule = Schedule("    interval: 1m\n    stepWeight: 10\n", "kubernetes");
        Assert.Equal(RolloutStrategy.Iterations, schedule.Strategy);
        Assert.Equal(RolloutSchedule.KubernetesProviderIterations + 1, schedule.Analyses);
        Assert.Equal(4, Schedule("    interval: 1m\n    iterations: 3\n", "kubernetes").Analyses);
    }
}
