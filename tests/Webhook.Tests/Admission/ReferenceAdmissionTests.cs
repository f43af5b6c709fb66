using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Admission;

/// <summary>
/// Issue 16, cases 1, 2, 3 and 6 over HTTPS through the real server: references to objects the cluster does not
/// hold (yet) never deny, kinds Flagger supports are fetched, and no cluster means no claim about the cluster.
/// The reference rules whose findings rest on an absence are errors here, so that only the admission rules stand
/// between such a finding and a denial.
/// </summary>
public sealed class ReferenceAdmissionTests : IAsyncLifetime, IDisposable
{
    private const string ReferencesAreErrors = """
        categories: { Input: warning, Analysis: warning, References: warning, Mesh: warning, Coverage: warning }
        rules: { CG1013: error, CG2001: error, CG2006: error, CG2010: error }
        """;

    private FakeApiServer api = null!;
    private ClusterClient client = null!;
    private RunningWebhook webhook = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        api.Put(ApiObjects.NamespacePath("shop"), ApiObjects.Namespace("shop"));
        client = new ClusterClient(api.Config());
        webhook = await RunningWebhook.StartAsync(ReferencesAreErrors, cluster: client);
    }

    public async Task DisposeAsync()
    {
        await webhook.DisposeAsync();
        await api.DisposeAsync();
    }

    public void Dispose() => client.Dispose();

    [Fact]
    public async Task Case1_a_canary_targeting_an_existing_daemonset_is_admitted_and_the_daemonset_was_fetched()
    {
        api.Put("/apis/apps/v1/namespaces/shop/daemonsets/agent", """{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"shop"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"agent","image":"agent:1"}]}}}}""");
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        canary["spec"]!["targetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "DaemonSet", ["name"] = "agent" };

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(canary));

        AssertAllowed(review);
        Assert.DoesNotContain(Reviews.Warnings(review), w => w.StartsWith("CG2001", StringComparison.Ordinal));
        Assert.Contains(api.Requests, r => r.Path == "/apis/apps/v1/namespaces/shop/daemonsets/agent");
    }

    [Fact]
    public async Task Case1_a_canary_with_a_keda_scaledobject_autoscaler_is_admitted_and_scaledobjects_were_fetched()
    {
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        api.Put("/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects/web", """{"apiVersion":"keda.sh/v1alpha1","kind":"ScaledObject","metadata":{"name":"web","namespace":"shop"},"spec":{"scaleTargetRef":{"name":"web"}}}""");
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        canary["spec"]!["autoscalerRef"] = new JsonObject { ["apiVersion"] = "keda.sh/v1alpha1", ["kind"] = "ScaledObject", ["name"] = "web" };

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(canary));

        AssertAllowed(review);
        Assert.DoesNotContain(Reviews.Warnings(review), w => w.StartsWith("CG2006", StringComparison.Ordinal));
        Assert.Contains(api.Requests, r => r.Path == "/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects");
    }

    [Fact]
    public async Task Case2_a_canary_applied_before_its_deployment_and_autoscaler_is_admitted_with_not_found_yet_warnings()
    {
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        canary["spec"]!["autoscalerRef"] = new JsonObject { ["apiVersion"] = "autoscaling/v2", ["kind"] = "HorizontalPodAutoscaler", ["name"] = "web" };

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(canary));

        AssertAllowed(review);
        var warnings = Reviews.Warnings(review);
        Assert.Contains("CG2001: Deployment 'web' not found yet: Flagger waits for it", warnings);
        Assert.Contains("CG2006: autoscalerRef HorizontalPodAutoscaler 'web' not found yet: Flagger waits for it", warnings);
        Assert.DoesNotContain(warnings, w => w.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Case3_two_apps_applied_in_one_sequence_are_both_admitted_and_a_reapply_too()
    {
        async Task<JsonObject> ApplyAsync(string app)
        {
            // What kubectl apply does before it reaches the Canary: the Deployment and HPA are stored (the HPA
            // without passing through the webhook).
            api.Put(ApiObjects.DeploymentPath("shop", app), ApiObjects.Deployment("shop", app));
            api.Put(ApiObjects.HpaPath("shop", app), ApiObjects.Hpa("shop", app, app));
            return await webhook.ReviewAsync("/validate", Reviews.Review(AppCanary(app)));
        }

        var first = await ApplyAsync("a");
        var second = await ApplyAsync("b");
        var again = await webhook.ReviewAsync("/validate", Reviews.Review(AppCanary("b")));

        foreach (var review in new[] { first, second, again })
        {
            AssertAllowed(review);
            Assert.DoesNotContain(Reviews.Warnings(review), w => w.StartsWith("CG2006", StringComparison.Ordinal) || w.StartsWith("CG2001", StringComparison.Ordinal));
        }

        Assert.Equal(3, api.Requests.Count(r => r.Path == "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers"));
    }

    [Fact]
    public async Task A_failed_read_of_one_kind_proves_nothing_about_it_and_says_so()
    {
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        api.FailNext(r => r.Path.EndsWith("/horizontalpodautoscalers", StringComparison.Ordinal), FakeResponse.Failure(403, "Forbidden", "horizontalpodautoscalers.autoscaling is forbidden"));
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        canary["spec"]!["autoscalerRef"] = new JsonObject { ["apiVersion"] = "autoscaling/v2", ["kind"] = "HorizontalPodAutoscaler", ["name"] = "web" };

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(canary));

        AssertAllowed(review);
        var warnings = Reviews.Warnings(review);
        Assert.Contains("canaryguard: cluster context unavailable: references not checked (horizontalpodautoscalers in shop: 403 Forbidden)", warnings);
        Assert.DoesNotContain(warnings, w => w.StartsWith("CG2006", StringComparison.Ordinal));
    }

    private static JsonObject AppCanary(string app)
    {
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        canary["metadata"]!["name"] = app;
        canary["spec"]!["targetRef"]!["name"] = app;
        canary["spec"]!["autoscalerRef"] = new JsonObject { ["apiVersion"] = "autoscaling/v2", ["kind"] = "HorizontalPodAutoscaler", ["name"] = app };
        return canary;
    }

    private static void AssertAllowed(JsonObject review) =>
        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>(), Reviews.Response(review).ToJsonString());
}

/// <summary>Issue 16, case 6: without a cluster connection the webhook makes no claim about what the cluster holds.</summary>
[Collection(SharedWebhookDefinition.Name)]
public sealed class NoClusterAdmissionTests(WebhookFixture fixture)
{
    [Fact]
    public async Task Case6_without_a_cluster_references_are_not_checked_and_nothing_is_said_not_to_exist()
    {
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        canary["spec"]!["targetRef"]!["name"] = "nowhere";

        var review = await fixture.Webhook.ReviewAsync("/validate", Reviews.Review(canary));

        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>());
        var warnings = Reviews.Warnings(review);
        Assert.Contains("canaryguard: cluster context unavailable: references not checked", warnings);
        Assert.DoesNotContain(warnings, w => w.Contains("does not exist", StringComparison.Ordinal) || w.Contains("not found", StringComparison.Ordinal));
    }
}
