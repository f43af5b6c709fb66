using System.Globalization;
using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tests.Kubernetes;
using Xunit.Abstractions;

namespace CanaryGuard.Webhook.Tests.Canaries;

/// <summary>
/// Finding 4 of issue 17: the webhook, run as the process users run, resyncs a cluster of 50,000 Deployments with
/// the heap .NET gets in a 256 Mi pod (DOTNET_GCHeapHardLimit = 75% = 0xC000000). A resync that held the list as
/// full objects would need several times that and die of OutOfMemory; one that lists metadata page by page holds a
/// page at a time. The fake API server answers a list without the metadata-only Accept header with full objects,
/// as the real one does.
/// </summary>
public sealed class ResyncMemoryTests(ITestOutputHelper output)
{
    private const int Deployments = 50_000;
    private const int OptedIn = 10;

    [Fact]
    public async Task FiftyThousandDeployments_AreResyncedPageByPage_WithinTheHeapOfA256MiPod()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.ExpectedToken = "test-token";
        for (var i = 0; i < OptedIn; i++)
        {
            api.Put(ApiObjects.DeploymentPath("shop", Name(i)), ApiObjects.Deployment("shop", Name(i), new Dictionary<string, string> { ["canaryguard.io/canary"] = "enabled" }));
        }

        api.Intercept = request => request.Method == "GET" && request.Path == "/apis/apps/v1/deployments" ? Page(request) : null;
        using var folder = new TempFolder();
        long peakKib;
        string text;
        await using (var webhook = HeapLimitedWebhook.Start(api, folder))
        {
            await webhook.WaitForLogAsync("canary resync queued");
            await ReconcilerHarness.WaitUntilAsync(() => api.Applies.Count() == OptedIn || webhook.HasExited, "every opted-in Deployment has its Canary");
            Assert.False(webhook.HasExited, "the webhook died:\n" + webhook.Log);
            peakKib = webhook.PeakResidentKib;
            text = webhook.Log;
        }

        Assert.Contains($"canary resync queued {OptedIn} opted-in deployments", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OutOfMemory", text, StringComparison.Ordinal);
        var lists = api.Requests.Where(r => r.Path == "/apis/apps/v1/deployments").ToList();
        Assert.Equal(Deployments / 500, lists.Count);
        Assert.All(lists, r => Assert.Equal("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", r.Header("Accept")));
        Assert.All(lists, r => Assert.StartsWith("limit=500", r.Query, StringComparison.Ordinal));
        Assert.Equal(OptedIn, api.Applies.Select(a => a.Path).Distinct().Count());
        output.WriteLine($"peak resident set of the webhook over a resync of {Deployments} Deployments: {peakKib / 1024} MiB (VmHWM)");
    }

    private static string Name(int i) => "app-" + i.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>One page of the cluster's Deployments, generated on the fly so the test holds no 50k objects itself.</summary>
    private static FakeResponse Page(RecordedRequest request)
    {
        var query = request.Query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.ElementAtOrDefault(1) ?? string.Empty), StringComparer.Ordinal);
        var limit = int.Parse(query.GetValueOrDefault("limit", Deployments.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var start = query.TryGetValue("continue", out var token) ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var end = Math.Min(Deployments, start + limit);
        var metadataOnly = request.Header("Accept")?.Contains("as=PartialObjectMetadataList", StringComparison.Ordinal) == true;
        var items = new JsonArray();
        for (var i = start; i < end; i++)
        {
            var ns = i < OptedIn ? "shop" : "team-" + (i % 400).ToString(CultureInfo.InvariantCulture);
            var deployment = JsonNode.Parse(ApiObjects.Deployment(ns, Name(i), i < OptedIn ? new Dictionary<string, string> { ["canaryguard.io/canary"] = "enabled" } : null))!;
            items.Add(metadataOnly ? new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "PartialObjectMetadata", ["metadata"] = deployment["metadata"]!.DeepClone() } : deployment);
        }

        var metadata = new JsonObject { ["resourceVersion"] = "90000" };
        if (end < Deployments)
        {
            metadata["continue"] = end.ToString(CultureInfo.InvariantCulture);
        }

        return new FakeResponse(200, new JsonObject { ["kind"] = metadataOnly ? "PartialObjectMetadataList" : "DeploymentList", ["apiVersion"] = metadataOnly ? "meta.k8s.io/v1" : "apps/v1", ["metadata"] = metadata, ["items"] = items }.ToJsonString());
    }
}
