using CanaryGuard.Cluster;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Kubernetes;

/// <summary>/validate on the real server with cluster look-ups: the same cross-resource rules as the linter, and never a denial from a failed look-up.</summary>
public sealed class ValidateWithClusterTests
{
    [Fact]
    public async Task A_target_the_cluster_does_not_have_is_reported_and_one_it_has_is_not()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        using var client = new ClusterClient(api.Config());
        await using var webhook = await RunningWebhook.StartAsync(cluster: client);

        var found = Reviews.Warnings(await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep))));
        Assert.DoesNotContain(found, w => w.StartsWith("CG2001", StringComparison.Ordinal));

        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        canary["spec"]!["targetRef"]!["name"] = "api";
        var missing = Reviews.Warnings(await webhook.ReviewAsync("/validate", Reviews.Review(canary)));
        Assert.Contains("CG2001: Deployment 'api' not found yet: Flagger waits for it", missing);
    }

    [Fact]
    public async Task A_failing_api_server_leaves_the_review_allowed_with_a_warning_that_context_was_unavailable_and_no_claim_about_the_target()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.FailNext(_ => true, FakeResponse.InternalError(), times: 1000);
        using var client = new ClusterClient(api.Config());
        await using var webhook = await RunningWebhook.StartAsync(policy: RunningWebhook.IsolatingPolicy + "\nrules: { CG1013: error, CG2001: error }\n", cluster: client);

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));

        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>(), Reviews.Response(review).ToJsonString());
        var warnings = Reviews.Warnings(review);
        Assert.Contains(warnings, w => w.StartsWith("canaryguard: cluster context unavailable: references not checked (", StringComparison.Ordinal) && w.Contains(": 500 InternalError", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.StartsWith("CG2001:", StringComparison.Ordinal));
    }
}
