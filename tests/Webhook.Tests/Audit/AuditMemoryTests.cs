using System.Globalization;
using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tests.Kubernetes;
using Xunit.Abstractions;

namespace CanaryGuard.Webhook.Tests.Audit;

/// <summary>
/// The background audit, in the webhook as users run it, over 50,000 Deployments in 100 namespaces, with the heap
/// .NET gets in a 256 Mi pod: one namespace is read and linted at a time, so the heap holds one namespace's objects
/// whatever the number of namespaces. Pages are generated on the fly (200 items, fewer than the 500 asked, as an
/// API server may answer), so the test holds no 50k objects itself.
/// </summary>
public sealed class AuditMemoryTests(ITestOutputHelper output)
{
    private const int Namespaces = 100;
    private const int DeploymentsPerNamespace = 500;
    private const int PageSize = 200;

    [Fact]
    public async Task Fifty_thousand_Deployments_in_100_namespaces_are_audited_within_the_heap_of_a_256Mi_pod()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.Intercept = Answer;
        using var folder = new TempFolder();
        long peakKib;
        string log;
        await using (var webhook = HeapLimitedWebhook.Start(api, folder, "--audit-minutes", "60", "--audit-requests-per-second", "1000"))
        {
            await webhook.WaitForLogAsync($"audit of {Namespaces} namespaces took");
            Assert.False(webhook.HasExited, "the webhook died:\n" + webhook.Log);
            peakKib = webhook.PeakResidentKib;
            log = webhook.Log;
        }

        Assert.Contains($"audit of {Namespaces} namespaces took", log, StringComparison.Ordinal);
        Assert.Contains($"{Namespaces} reports written", log, StringComparison.Ordinal);
        Assert.DoesNotContain("OutOfMemory", log, StringComparison.Ordinal);
        var deploymentLists = api.Requests.Where(r => r.Path.StartsWith("/apis/apps/v1/namespaces/", StringComparison.Ordinal) && r.Path.EndsWith("/deployments", StringComparison.Ordinal)).ToList();
        Assert.Equal(Namespaces * (int)Math.Ceiling(DeploymentsPerNamespace / (double)PageSize), deploymentLists.Count);
        Assert.All(deploymentLists, r => Assert.StartsWith("limit=500", r.Query, StringComparison.Ordinal));
        Assert.Equal(Namespaces, api.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/policyreports", StringComparison.Ordinal)));
        output.WriteLine($"peak resident set of the webhook over an audit of {Namespaces * DeploymentsPerNamespace} Deployments: {peakKib / 1024} MiB (VmHWM)");
    }

    private static string Namespace(int i) => "team-" + i.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The namespaces, their Deployments page by page, and one Canary each whose target is missing (CG2001).</summary>
    private static FakeResponse? Answer(RecordedRequest request)
    {
        if (request.Method != "GET")
        {
            return null;
        }

        var segments = request.Path.Trim('/').Split('/');
        return segments switch
        {
            ["api", "v1", "namespaces"] => List("v1", "NamespaceList", Enumerable.Range(0, Namespaces).Select(NamespaceObject), null),
            ["api", "v1", "namespaces", var ns] => new FakeResponse(200, NamespaceObject(int.Parse(ns[5..], CultureInfo.InvariantCulture)).ToJsonString()),
            ["apis", "apps", "v1", "namespaces", var ns, "deployments"] => DeploymentPage(ns, request.Query),
            ["apis", "flagger.app", "v1beta1", "namespaces", var ns, "canaries"] => List("flagger.app/v1beta1", "CanaryList", [Canary(ns)], null),
            _ => null,
        };
    }

    private static JsonObject NamespaceObject(int i) =>
        new() { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace(i), ["uid"] = "uid-" + Namespace(i) } };

    private static JsonObject Canary(string ns) => (JsonObject)JsonNode.Parse("""
        {"apiVersion":"flagger.app/v1beta1","kind":"Canary","metadata":{"name":"web","namespace":"NAMESPACE"},
         "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"service":{"port":80},
          "analysis":{"interval":"1m","threshold":5,"maxWeight":50,"stepWeight":10,"metrics":[{"name":"request-success-rate","thresholdRange":{"min":99},"interval":"1m"}]}}}
        """.Replace("NAMESPACE", ns, StringComparison.Ordinal))!;

    private static FakeResponse DeploymentPage(string ns, string query)
    {
        var start = query.Split('&').FirstOrDefault(p => p.StartsWith("continue=", StringComparison.Ordinal)) is { } token ? int.Parse(token["continue=".Length..], CultureInfo.InvariantCulture) : 0;
        var end = Math.Min(DeploymentsPerNamespace, start + PageSize);
        var items = Enumerable.Range(start, end - start)
            .Select(i => JsonNode.Parse(ApiObjects.Deployment(ns, "app-" + i.ToString("D3", CultureInfo.InvariantCulture)))!);
        return List("apps/v1", "DeploymentList", items, end < DeploymentsPerNamespace ? end.ToString(CultureInfo.InvariantCulture) : null);
    }

    private static FakeResponse List(string apiVersion, string kind, IEnumerable<JsonNode> items, string? continueToken)
    {
        var metadata = new JsonObject { ["resourceVersion"] = "90000" };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        return new FakeResponse(200, new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion, ["metadata"] = metadata, ["items"] = new JsonArray([.. items]) }.ToJsonString());
    }
}
