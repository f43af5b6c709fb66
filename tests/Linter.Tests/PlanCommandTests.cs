using System.Text.Json;

namespace CanaryGuard.Linter.Tests;

public sealed class PlanCommandTests
{
    private const string Canary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web, namespace: shop}
        spec:
          provider: istio
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          analysis:
            interval: 1m
            threshold: 2
            maxWeight: 20
            stepWeight: 10
            metrics: [{name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}]
        ---
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: api, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
          service: {port: 80}
          analysis: {interval: 30s, stepWeights: [50, 100]}
        """;

    [Fact]
    public void Text_ShowsTheTimelineTheVerdictsAndAChart()
    {
        var result = CliRunner.RunWithInput(Canary, "plan", "-", "--canary", "web");
        Assert.Equal(0, result.ExitCode);
        var expected = """
            Canary shop/web (-): progressive canary (stepWeight), provider istio, interval 1m0s, threshold 2
              each analysis checks: metric request-success-rate
             tick  time      weight  gate                  action
                0  0s            0%  -                     new revision detected: scale up the canary
                1  1m0s         10%  -                     advance the canary to 10%
                2  2m0s         20%  analysis              advance the canary to 20%
                3  3m0s         20%  analysis              promote: copy the canary spec to the primary
                4  4m0s          0%  -                     route all traffic to the primary
                5  5m0s          0%  -                     scale the canary to zero: promotion finished
            Minimum analysis: 2 analyses, 2m0s; promotion 3m0s after the new revision is detected.
            A canary that fails every check is rolled back 4m0s after detection, having served up to 10% of traffic (0.3 traffic-minutes exposed).

             100% |
              80% |
              60% |
              40% |
              20% |  ##
                  +------> ticks of 1m0s


            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Output.ReplaceLineEndings());
    }

    [Fact]
    public void Json_HasOnePlanPerCanaryWithTicksAndTheFailingRun()
    {
        var result = CliRunner.RunWithInput(Canary, "plan", "-", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        var api = json.RootElement[1];
        Assert.Equal("shop/api", api.GetProperty("canary").GetString());
        Assert.Equal("StepWeights", api.GetProperty("strategy").GetString());
        Assert.Equal(30, api.GetProperty("intervalSeconds").GetDouble());
        Assert.False(api.GetProperty("failing").GetProperty("detected").GetBoolean());
        Assert.Equal(100, api.GetProperty("failing").GetProperty("exposedWeight").GetInt32());
    }

    [Fact]
    public void Markdown_IsATableForPullRequestComments()
    {
        var result = CliRunner.RunWithInput(Canary, "plan", "-", "--format", "markdown", "--canary", "shop/api");
        Assert.StartsWith("### Rollout plan: `shop/api`", result.Output, StringComparison.Ordinal);
        Assert.Contains("| 2 | 1m0s | 100% |  | advance the canary to 100% |", result.Output, StringComparison.Ordinal);
        Assert.Contains("is NOT detected", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCanary_ExitsTwo()
    {
        var result = CliRunner.RunWithInput(Canary, "plan", "-", "--canary", "nope");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no Canary named 'nope'", result.Error, StringComparison.Ordinal);
    }
}
