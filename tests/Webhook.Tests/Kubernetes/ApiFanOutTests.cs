using System.Diagnostics;
using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Kubernetes;

/// <summary>
/// Issue 18, case 3: one Canary naming 10,000 MetricTemplates in 10,000 namespaces made 7,261 GETs over 4,310
/// connections as the webhook's ServiceAccount. Now such an object is over the CG0008 limits and refused before
/// any read; one just under them fetches a bounded number of objects, over a bounded number of concurrent requests,
/// and the rest of its references stay unchecked.
/// </summary>
public sealed class ApiFanOutTests
{
    /// <summary>The look-up budget (1.5 s) plus the time to read, analyse and answer a 1 MB object on a loaded machine.</summary>
    private static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_canary_with_10000_template_refs_is_refused_as_CG0008_without_an_api_call()
    {
        await using var api = await FakeApiServer.StartAsync();
        using var client = new ClusterClient(api.Config());
        await using var webhook = await RunningWebhook.StartAsync(cluster: client);

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(CanaryReferencing(10_000)));

        var response = Reviews.Response(review);
        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.StartsWith("CG0008: ", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Path.Contains("/metrictemplates", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_canary_with_2000_template_refs_is_answered_with_a_bounded_number_of_api_calls()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        api.ResponseDelay = TimeSpan.FromMilliseconds(50);
        using var client = new ClusterClient(api.Config() with { MaxConcurrentRequests = 4 });
        await using var webhook = await RunningWebhook.StartAsync(cluster: client);
        var canary = CanaryReferencing(2_000);

        var watch = Stopwatch.StartNew();
        var review = await webhook.ReviewAsync("/validate", Reviews.Review(canary));
        watch.Stop();

        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>(), Reviews.Response(review).ToJsonString()[..Math.Min(2000, Reviews.Response(review).ToJsonString().Length)]);
        // The review's reads, not the Canary generator's leader election (leases, events).
        var reads = api.Requests.Where(r => !r.Path.Contains("/leases", StringComparison.Ordinal) && !r.Path.Contains("/events", StringComparison.Ordinal)).ToList();
        Assert.Equal(ClusterContext.MaxReferencedObjects, reads.Count(r => r.Path.Contains("/namespaces/team", StringComparison.Ordinal)));
        Assert.True(reads.Count <= ClusterContext.MaxReferencedObjects + 8, $"{reads.Count} API calls: {string.Join(", ", reads.Select(r => r.Path))}");
        Assert.True(api.PeakConcurrency <= 4, $"{api.PeakConcurrency} API calls at once");
        Assert.Contains("canaryguard: not checked: 1990 MetricTemplates in other namespaces (10 per review at most)", Reviews.Warnings(review));
        Assert.True(watch.Elapsed < AnswerBudget, $"answered in {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>A Canary whose analysis names <paramref name="count"/> MetricTemplates, each in a namespace of its own.</summary>
    private static JsonObject CanaryReferencing(int count)
    {
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        var metrics = canary["spec"]!["analysis"]!["metrics"]!.AsArray();
        for (var i = 0; i < count; i++)
        {
            metrics.Add(JsonNode.Parse($$"""{"name": "m{{i}}", "templateRef": {"name": "t{{i}}", "namespace": "team{{i}}"}, "thresholdRange": {"max": 1}, "interval": "1m"}"""));
        }

        return canary;
    }
}
