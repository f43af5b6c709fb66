using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
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
        using var client = new ClusterClient(api.Config());
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

    [Fact]
    public async Task AFloodOfReviewsForMissingDeployments_DoesNotStarveARealAdmission()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.ExpectedToken = "test-token";
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web", OptIn));
        using var client = new ClusterClient(api.Config());
        await using var webhook = await RunningWebhook.StartAsync(cluster: client, capturedLevel: Microsoft.Extensions.Logging.LogLevel.Warning);
        var reconciler = webhook.Server.Reconciler!;

        // More forged reviews than the queue holds, each for a Deployment that never exists, from a few namespaces.
        const int flood = 1100;
        var sent = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, flood), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var ghost = JsonNode.Parse(ApiObjects.Deployment($"flood-{i % 4}", $"ghost-{i}", OptIn))!.AsObject();
            var review = Reviews.Review(ghost);
            review["request"]!["namespace"] = $"flood-{i % 4}";
            review["request"]!["name"] = $"ghost-{i}";
            Assert.True(Reviews.Response(await webhook.ReviewAsync("/mutate", review))["allowed"]!.GetValue<bool>());
            Interlocked.Increment(ref sent);
        });
        Assert.Equal(flood, sent);
        Assert.True(reconciler.QueueDepth > 0, "the flood is still being retried");

        var admitted = DateTime.UtcNow;
        await webhook.ReviewAsync("/mutate", WithNamespace(Reviews.Review(JsonNode.Parse(ApiObjects.Deployment("shop", "web", OptIn))!.AsObject())));
        await ReconcilerHarness.WaitUntilAsync(() => api.Applies.Any(), "the real Deployment's Canary is applied");

        Assert.InRange(DateTime.UtcNow - admitted, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(ApiObjects.CanaryPath("shop", "web"), Assert.Single(api.Applies).Path);
        Assert.DoesNotContain(webhook.Logs.Entries, e => e.Message.Contains("shop/web", StringComparison.Ordinal) && e.Message.Contains("queue full", StringComparison.Ordinal));
        var metrics = webhook.Server.Reconciler!.Metrics;
        Assert.True(metrics.Drops("evicted") + metrics.Drops("refused") + metrics.Drops("not_found") > 0, "the flood went somewhere");
    }

    [Fact]
    public async Task ARefusal_IsAnEventOnTheDeployment_AndNeverEchoedToWhoeverSendsAReview()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.ExpectedToken = "test-token";
        var annotations = new Dictionary<string, string>(OptIn) { ["canaryguard.io/port"] = "team-secret-value" };
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web", annotations));
        using var client = new ClusterClient(api.Config());
        await using var webhook = await RunningWebhook.StartAsync(cluster: client);
        var deployment = JsonNode.Parse(ApiObjects.Deployment("shop", "web", annotations))!.AsObject();

        await webhook.ReviewAsync("/mutate", WithNamespace(Reviews.Review(deployment.DeepClone().AsObject())));
        await ReconcilerHarness.WaitUntilAsync(() => api.Requests.Any(r => r.Method == "POST" && r.Path == "/api/v1/namespaces/shop/events"), "the refusal is reported");

        // A forged review naming the same Deployment, without the annotation: nothing about the refusal comes back.
        deployment["metadata"]!["annotations"]!.AsObject().Remove("canaryguard.io/port");
        var forged = await webhook.ReviewAsync("/mutate", WithNamespace(Reviews.Review(deployment)));
        Assert.DoesNotContain("team-secret-value", forged.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(Reviews.Response(forged)["warnings"]);
        var posted = JsonNode.Parse(api.Requests.First(r => r.Method == "POST" && r.Path == "/api/v1/namespaces/shop/events").Body)!;
        Assert.Equal("CanaryNotGenerated", posted["reason"]!.GetValue<string>());
        Assert.Equal("Deployment", posted["involvedObject"]!["kind"]!.GetValue<string>());
        Assert.Contains("team-secret-value", posted["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(api.Applies);
    }

    /// <summary>Recorded reviews name their own namespace and object; these name shop/web as the fake API holds it.</summary>
    private static JsonObject WithNamespace(JsonObject review)
    {
        review["request"]!["namespace"] = "shop";
        review["request"]!["name"] = "web";
        return review;
    }
}
