using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Kubernetes;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Canaries;

/// <summary>
/// The whole path of issue 6 on the real server: a Deployment admitted over HTTPS by /mutate is read back from
/// the (fake) API server and its Canary is server-side applied exactly once; a dry run applies nothing.
/// </summary>
public sealed class CanaryGenerationEndToEndTests
{
    private static readonly Dictionary<string, string> OptIn = new() { ["canaryguard.io/canary"] = "enabled" };

    [Fact]
    public async Task An_admitted_opted_in_deployment_gets_exactly_one_canary_and_a_dry_run_gets_none()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.ExpectedToken = "test-token";
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web", OptIn));
        using var client = new KubernetesClient(api.Config());
        await using var webhook = await RunningWebhook.StartAsync(cluster: client);
        var deployment = JsonNode.Parse(ApiObjects.Deployment("shop", "web", OptIn))!.AsObject();

        var dryRun = Reviews.Response(await webhook.ReviewAsync("/mutate", WithNamespace(Reviews.Review(deployment.DeepClone().AsObject(), dryRun: true))));
        Assert.True(dryRun["allowed"]!.GetValue<bool>());
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Empty(api.Applies);

        var real = Reviews.Response(await webhook.ReviewAsync("/mutate", WithNamespace(Reviews.Review(deployment))));
        Assert.True(real["allowed"]!.GetValue<bool>());
        await ReconcilerHarness.WaitUntilAsync(() => api.Applies.Any(), "the Canary is applied");
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var apply = Assert.Single(api.Applies);
        Assert.Equal(ApiObjects.CanaryPath("shop", "web"), apply.Path);
        var canary = JsonNode.Parse(apply.Body)!;
        Assert.Equal("Canary", canary["kind"]!.GetValue<string>());
        var owner = Assert.Single(canary["metadata"]!["ownerReferences"]!.AsArray())!;
        Assert.Equal("Deployment", owner["kind"]!.GetValue<string>());
        Assert.Equal("web", owner["name"]!.GetValue<string>());
        Assert.Equal("web", canary["spec"]!["targetRef"]!["name"]!.GetValue<string>());
        Assert.Empty(api.Violations);
    }

    /// <summary>Recorded reviews name their own namespace and object; these name shop/web as the fake API holds it.</summary>
    private static JsonObject WithNamespace(JsonObject review)
    {
        review["request"]!["namespace"] = "shop";
        review["request"]!["name"] = "web";
        return review;
    }
}
