using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Planning;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Planning;

public sealed class RolloutPlannerTests
{
    private static RolloutPlan Plan(string yaml, CanaryGuardPolicy? policy = null)
    {
        var file = YamlManifestReader.Read("plan.yaml", yaml);
        var resource = Assert.Single(KubernetesResource.FromFile(file));
        return RolloutPlanner.Plan(resource, policy ?? CanaryGuardPolicy.Default)!;
    }

    private static string Canary(string analysis, string provider = "istio") => $$"""
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: podinfo, namespace: test}
        spec:
          provider: {{provider}}
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          service: {port: 80}
          analysis:
        {{analysis}}
        """;

    private static int[] Weights(IEnumerable<PlanTick> ticks) => [.. ticks.Select(t => t.CanaryWeight)];

    [SharedDataFact]
    public void FlaggersIstioExample_TenAnalysesOverTwoAndAHalfMinutes()
    {
        var text = File.ReadAllText(SharedData.Path("flagger", "canaries", "artifacts__examples__istio-canary.yaml"));
        var resource = Assert.Single(KubernetesResource.FromFile(YamlManifestReader.Read("istio-canary.yaml", text)));
        var plan = RolloutPlanner.Plan(resource, CanaryGuardPolicy.Default)!;

        Assert.Equal(RolloutStrategy.StepWeight, plan.Strategy);
        Assert.Equal(TimeSpan.FromSeconds(15), plan.Interval);
        Assert.Equal(10, plan.Analyses);
        Assert.Equal(TimeSpan.FromMinutes(2.5), plan.MinimumAnalysisTime);

        // t0 detect, t1 pre-rollout then 5%, t2..t10 analyse and step to 50%, t11 analyse and promote,
        // t12 route all traffic to the primary, t13 finalise.
        Assert.Equal([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 50, 0, 0], Weights(plan.Ticks));
        Assert.Equal(["pre-rollout webhooks"], plan.Ticks[1].Checks);
        Assert.Equal(["metric request-success-rate", "metric request-duration", "webhook load-test"], plan.Ticks[2].Checks);
        Assert.Equal(TimeSpan.FromSeconds(165), plan.TimeToPromotion);
        Assert.StartsWith("promote", plan.Ticks[11].Action, StringComparison.Ordinal);

        // Failing every check: threshold 10 failures at 5%, rolled back on the 12th tick.
        Assert.True(plan.Failing.Detected);
        Assert.Equal(TimeSpan.FromSeconds(180), plan.Failing.TimeToRollback);
        Assert.Equal(5, plan.Failing.ExposedWeight);
        Assert.Equal(0.14, plan.Failing.TrafficMinutesExposed);
    }

    [Fact]
    public void StepWeights_FollowTheListThenPromote()
    {
        var plan = Plan(Canary("""
                interval: 1m
                threshold: 2
                stepWeights: [1, 10, 50]
                metrics: [{name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}]
            """));
        Assert.Equal(RolloutStrategy.StepWeights, plan.Strategy);
        Assert.Equal([0, 1, 10, 50, 50, 0, 0], Weights(plan.Ticks));
        Assert.Equal(3, plan.Analyses);
        Assert.Equal(TimeSpan.FromMinutes(4), plan.TimeToPromotion);
        Assert.Equal(TimeSpan.FromMinutes(4), plan.Failing.TimeToRollback);
        Assert.Equal(1, plan.Failing.ExposedWeight);
        Assert.Equal(0.03, plan.Failing.TrafficMinutesExposed);
    }

    [Fact]
    public void ABTest_RoutesMatchedTrafficForEachIteration()
    {
        var plan = Plan(Canary("""
                interval: 1m
                threshold: 2
                iterations: 10
                match: [{headers: {x-canary: {exact: insider}}}]
                metrics: [{name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}]
            """));
        Assert.Equal(RolloutStrategy.Iterations, plan.Strategy);
        Assert.Equal(10, plan.Analyses);
        Assert.Equal(TimeSpan.FromMinutes(11), plan.TimeToPromotion);
        Assert.Equal("iteration 1/10: route matched traffic to the canary", plan.Ticks[1].Action);
        Assert.Equal(100, plan.Failing.ExposedWeight);
        Assert.Equal(TimeSpan.FromMinutes(4), plan.Failing.TimeToRollback);
    }

    [Fact]
    public void BlueGreenOnKubernetes_AnalysesOneMoreTimeThanItsIterations_AndExposesNoUsers()
    {
        var plan = Plan(
            Canary("""
                    interval: 1m
                    threshold: 2
                    iterations: 3
                    metrics: [{name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}]
                """, provider: "kubernetes"));
        Assert.Equal(4, plan.Analyses);
        Assert.Equal(TimeSpan.FromMinutes(5), plan.TimeToPromotion);
        Assert.All(plan.Ticks, t => Assert.Equal(0, t.CanaryWeight));
        Assert.Equal(0, plan.Failing.ExposedWeight);
        Assert.Equal(0, plan.Failing.TrafficMinutesExposed);
    }

    [Fact]
    public void KubernetesProviderWithoutIterations_BecomesBlueGreenWithTen()
    {
        var plan = Plan(Canary("    interval: 1m\n    stepWeight: 10\n    metrics: [{name: request-success-rate, thresholdRange: {min: 99}}]\n", provider: "kubernetes"));
        Assert.Equal(11, plan.Analyses);
        Assert.Contains(plan.Notes, n => n.Contains("iterations to 10", StringComparison.Ordinal));
    }

    [Fact]
    public void Mirror_AddsOneMirroredStepBeforeTraffic()
    {
        var plan = Plan(Canary("""
                interval: 1m
                mirror: true
                maxWeight: 20
                stepWeight: 10
                metrics: [{name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}]
            """));
        Assert.Equal([0, 0, 10, 20, 20, 0, 0], Weights(plan.Ticks));
        Assert.True(plan.Ticks[1].Mirrored);
        Assert.False(plan.Ticks[2].Mirrored);
        Assert.Equal(3, plan.Analyses);
    }

    [Fact]
    public void StepWeightPromotion_ShiftsThePrimaryBackGradually()
    {
        var plan = Plan(Canary("    interval: 1m\n    maxWeight: 50\n    stepWeight: 50\n    stepWeightPromotion: 20\n    metrics: [{name: request-success-rate, thresholdRange: {min: 99}}]\n"));
        Assert.Equal([0, 50, 50, 30, 10, 0, 0], Weights(plan.Ticks));
    }

    [Fact]
    public void NoChecks_ABadCanaryIsNeverDetected()
    {
        var plan = Plan(Canary("    interval: 1m\n    maxWeight: 50\n    stepWeight: 25\n"));
        Assert.False(plan.Failing.Detected);
        Assert.True(plan.Promotes);
        Assert.Equal(50, plan.Failing.ExposedWeight);
    }

    [Fact]
    public void SkipAnalysis_PromotesOnTheFirstTick()
    {
        var plan = Plan(Canary("    interval: 1m\n    stepWeight: 10\n").Replace("  provider: istio", "  provider: istio\n  skipAnalysis: true", StringComparison.Ordinal));
        Assert.Equal(0, plan.Analyses);
        Assert.Equal(2, plan.Ticks.Count);
    }

    [Fact]
    public void MaxWeightAbove100_NeverPromotes()
    {
        var plan = Plan(Canary("    interval: 1m\n    maxWeight: 150\n    stepWeight: 50\n    metrics: [{name: request-success-rate, thresholdRange: {min: 99}}]\n"));
        Assert.False(plan.Promotes);
        Assert.Equal(100, plan.Ticks.Max(t => t.CanaryWeight));
    }

    [Fact]
    public void IntervalBelowTheFloor_IsRaisedToTenSeconds()
    {
        var plan = Plan(Canary("    interval: 5s\n    stepWeight: 50\n    metrics: [{name: request-success-rate, thresholdRange: {min: 99}}]\n"));
        Assert.Equal(TimeSpan.FromSeconds(10), plan.Interval);
        Assert.Contains(plan.Notes, n => n.Contains("floor of 10s", StringComparison.Ordinal));
    }
}
