using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Canaries;

public sealed class CanaryReconcilerTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> OptIn = new() { ["canaryguard.io/canary"] = "enabled" };
    private ReconcilerHarness harness = null!;

    private FakeApiServer Server => harness.Server;

    private CanaryReconciler Reconciler => harness.Reconciler;

    public async Task InitializeAsync()
    {
        harness = await ReconcilerHarness.StartAsync();
        harness.AddNamespace("shop", optedIn: false);
    }

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task EnqueuedOptedInDeployment_LeadsToExactlyOneApplyOfTheExpectedCanary()
    {
        harness.AddDeployment("shop", "web", OptIn);
        await Reconciler.StartAsync(CancellationToken.None);

        Assert.True(Reconciler.Enqueue("shop", "web"));
        await ReconcilerHarness.WaitUntilAsync(() => Reconciler.Metrics.Total(ReconcileResult.Applied) == 1, "the canary is applied");
        Assert.True(Reconciler.Enqueue("shop", "web"));
        await ReconcilerHarness.WaitUntilAsync(() => Reconciler.Metrics.Total(ReconcileResult.Unchanged) == 1, "the second pass finds it unchanged");
        await Reconciler.StopAsync(CancellationToken.None);

        var apply = Assert.Single(Server.Applies);
        Assert.Equal("/apis/flagger.app/v1beta1/namespaces/shop/canaries/web", apply.Path);
        Assert.Equal("fieldManager=canaryguard&force=false", apply.Query);
        Assert.Equal("application/apply-patch+yaml", apply.Header("Content-Type"));
        var expected = CanaryBuilder.Build(JsonDocument.Parse(ApiObjects.Deployment("shop", "web", OptIn)).RootElement, CanaryGuardPolicy.Default).Canary;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(apply.Body)), apply.Body);
        var owner = JsonNode.Parse(apply.Body)!["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("6f1c7c55-1f0e-4b8e-9a51-0d7a2b9f3c11", owner["uid"]!.GetValue<string>());
        Assert.True(owner["controller"]!.GetValue<bool>());
        Assert.Empty(Server.Violations);
        Assert.Contains(Server.Requests, r => r.Path == "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers");
    }

    [Fact]
    public async Task DuplicateEnqueues_BeforeTheWorkerRuns_AreOneReconcile()
    {
        harness.AddDeployment("shop", "web", OptIn);

        Reconciler.Enqueue("shop", "web");
        Reconciler.Enqueue("shop", "web");
        Reconciler.Enqueue("shop", "web");
        Assert.Equal(1, Reconciler.QueueDepth);
        await Reconciler.StartAsync(CancellationToken.None);
        await ReconcilerHarness.WaitUntilAsync(() => Reconciler.QueueDepth == 0 && Reconciler.Metrics.Total(ReconcileResult.Applied) == 1, "the queue drains");
        await Reconciler.StopAsync(CancellationToken.None);

        Assert.Single(Server.Requests, r => r.Path == ApiObjects.DeploymentPath("shop", "web"));
    }

    [Fact]
    public async Task TheDeployment_IsLookedUpAgainFromTheQueue_UntilItIsStored()
    {
        var reads = 0;
        Server.Intercept = request =>
        {
            if (request.Path == ApiObjects.DeploymentPath("shop", "web") && ++reads == 3)
            {
                harness.AddDeployment("shop", "web", OptIn);
            }

            return null;
        };
        await Reconciler.StartAsync(CancellationToken.None);

        Assert.True(Reconciler.Enqueue("shop", "web"));
        await ReconcilerHarness.WaitUntilAsync(() => Reconciler.Metrics.Total(ReconcileResult.Applied) == 1, "the canary is applied");
        await Reconciler.StopAsync(CancellationToken.None);

        Assert.Equal(3, reads);
        Assert.Equal(2, Reconciler.Metrics.Total(ReconcileResult.DeploymentMissing));
        Assert.Single(Server.Applies);
    }

    [Fact]
    public async Task ADeploymentThatNeverAppears_IsDroppedAfterItsRetries()
    {
        await Reconciler.StartAsync(CancellationToken.None);

        Assert.True(Reconciler.Enqueue("shop", "ghost"));
        await ReconcilerHarness.WaitUntilAsync(() => Reconciler.Metrics.Drops("not_found") == 1, "the key is dropped");
        await Reconciler.StopAsync(CancellationToken.None);

        Assert.Equal(5, Server.Requests.Count(r => r.Path == ApiObjects.DeploymentPath("shop", "ghost")));
        Assert.Equal(0, Reconciler.QueueDepth);
        Assert.Empty(Server.Applies);
        Assert.Contains("Warning: canary shop/ghost: the deployment did not appear after every retry; dropped", harness.Logger.Lines);
    }

    [Fact]
    public async Task NamespaceLabel_OptsIn_AndTheDeploymentAnnotationOptsOut()
    {
        harness.AddNamespace("team", optedIn: true);
        harness.AddDeployment("team", "web");
        harness.AddDeployment("team", "legacy", new Dictionary<string, string> { ["canaryguard.io/canary"] = "disabled" });
        harness.AddDeployment("shop", "plain");

        Assert.Equal(ReconcileResult.Applied, await Reconciler.ReconcileAsync("team", "web", CancellationToken.None));
        Assert.Equal(ReconcileResult.NotOptedIn, await Reconciler.ReconcileAsync("team", "legacy", CancellationToken.None));
        Assert.Equal(ReconcileResult.NotOptedIn, await Reconciler.ReconcileAsync("shop", "plain", CancellationToken.None));

        Assert.Equal(ApiObjects.CanaryPath("team", "web"), Assert.Single(Server.Applies).Path);
    }

    [Fact]
    public async Task AUserOwnedCanary_IsLeftAlone()
    {
        harness.AddDeployment("shop", "web", OptIn);
        Server.Put(ApiObjects.CanaryPath("shop", "web"), ApiObjects.UserCanary("shop", "web"));
        var before = Server.Get(ApiObjects.CanaryPath("shop", "web"))!.ToJsonString();

        var result = await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal(ReconcileResult.UserOwned, result);
        Assert.Empty(Server.Applies);
        Assert.Equal(before, Server.Get(ApiObjects.CanaryPath("shop", "web"))!.ToJsonString());
        Assert.Contains("Information: canary shop/web: a canary the user manages exists; left alone", harness.Logger.Lines);
    }

    [Fact]
    public async Task AManagedCanary_IsKeptInStepWithThePolicy_ByAForcedApply()
    {
        harness.AddDeployment("shop", "web", OptIn);
        Assert.Equal(ReconcileResult.Applied, await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None));
        Assert.Equal(ReconcileResult.Unchanged, await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None));

        harness.Policy = CanaryGuardPolicy.Default with { CanaryTemplate = new CanaryTemplatePolicy { Threshold = 7 } };
        Assert.Equal(ReconcileResult.Applied, await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None));

        Assert.Equal(["fieldManager=canaryguard&force=false", "fieldManager=canaryguard&force=true"], Server.Applies.Select(a => a.Query));
        Assert.Equal(7, Server.Get(ApiObjects.CanaryPath("shop", "web"))!["spec"]!["analysis"]!["threshold"]!.GetValue<int>());
    }

    [Fact]
    public async Task Conflict_IsRetried_AndARaceWithTheUserLeavesTheUsersCanary()
    {
        harness.AddDeployment("shop", "web", OptIn);
        harness.AddDeployment("shop", "api", OptIn);
        Server.FailNext(r => r.Method == "PATCH", FakeResponse.Conflict("web"));
        Server.Intercept = request =>
        {
            // The user creates "api" between CanaryGuard's read and its apply: the apply conflicts.
            if (request.Method == "PATCH" && request.Path == ApiObjects.CanaryPath("shop", "api"))
            {
                Server.Put(ApiObjects.CanaryPath("shop", "api"), ApiObjects.UserCanary("shop", "api"));
                Server.Intercept = null;
                return FakeResponse.Conflict("api");
            }

            return null;
        };

        var web = await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None);
        var api = await Reconciler.ReconcileAsync("shop", "api", CancellationToken.None);

        Assert.Equal(ReconcileResult.Applied, web);
        Assert.Equal(2, Server.Applies.Count(a => a.Path == ApiObjects.CanaryPath("shop", "web")));
        Assert.Equal(ReconcileResult.UserOwned, api);
        Assert.Single(Server.Applies, a => a.Path == ApiObjects.CanaryPath("shop", "api"));
        Assert.Equal(30, Server.Get(ApiObjects.CanaryPath("shop", "api"))!["spec"]!["analysis"]!["maxWeight"]!.GetValue<int>());
    }

    [Fact]
    public async Task TooManyRequests_IsRetriedAfterTheServersRetryAfter()
    {
        harness.AddDeployment("shop", "web", OptIn);
        Server.FailNext(r => r.Method == "PATCH", FakeResponse.TooManyRequests(2));

        var result = await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal(ReconcileResult.Applied, result);
        Assert.Equal(2, Server.Applies.Count());
        Assert.Equal([TimeSpan.FromSeconds(2)], harness.Waits);
    }

    [Fact]
    public async Task InternalErrors_AreRetriedWithBackoff()
    {
        harness.AddDeployment("shop", "web", OptIn);
        Server.FailNext(r => r.Method == "GET" && r.Path == ApiObjects.DeploymentPath("shop", "web"), FakeResponse.InternalError());
        Server.FailNext(r => r.Method == "GET", FakeResponse.InternalError());

        var result = await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal(ReconcileResult.Applied, result);
        Assert.Equal(2, harness.Waits.Count);
        Assert.All(harness.Waits, w => Assert.InRange(w.TotalMilliseconds, 4, 12));
        Assert.Single(Server.Applies);
    }

    [Fact]
    public async Task PersistentErrors_EndInAnErrorResult_AfterTheRetryBudget()
    {
        harness.AddDeployment("shop", "web", OptIn);
        Server.FailNext(r => r.Method == "PATCH", FakeResponse.InternalError(), times: 10);

        var result = await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal(ReconcileResult.Error, result);
        Assert.Equal(4, Server.Applies.Count());
        Assert.Equal(1, Reconciler.Metrics.Total(ReconcileResult.Error));
        Assert.Contains(harness.Logger.Lines, l => l.StartsWith("Error: canary shop/web: reconcile failed after retries: PATCH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADeploymentTooDeepToRead_IsAnErrorResult_AndTheWorkerGoesOn()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            deep.Append("{\"x\":");
        }

        deep.Append('1').Append('}', 200);
        var deployment = ApiObjects.Deployment("shop", "deep", OptIn).Replace("\"restartPolicy\":\"Always\"", "\"restartPolicy\":\"Always\",\"nested\":" + deep, StringComparison.Ordinal);
        Server.Intercept = request => request.Path == ApiObjects.DeploymentPath("shop", "deep") ? new FakeResponse(200, deployment) : null;
        harness.AddDeployment("shop", "web", OptIn);
        await Reconciler.StartAsync(CancellationToken.None);

        Reconciler.Enqueue("shop", "deep");
        Reconciler.Enqueue("shop", "web");
        await ReconcilerHarness.WaitUntilAsync(() => Reconciler.Metrics.Total(ReconcileResult.Applied) == 1 && Reconciler.Metrics.Total(ReconcileResult.Error) == 1, "both are reconciled");
        await Reconciler.StopAsync(CancellationToken.None);

        Assert.Equal(ApiObjects.CanaryPath("shop", "web"), Assert.Single(Server.Applies).Path);
        Assert.Contains(harness.Logger.Lines, l => l.StartsWith("Error: canary shop/deep: reconcile failed after retries: The maximum configured depth of 64 has been exceeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resync_QueuesEveryOptedInDeployment_AndHealsMissingCanaries()
    {
        harness.AddNamespace("team", optedIn: true);
        harness.AddDeployment("shop", "web", OptIn);
        harness.AddDeployment("team", "api");
        harness.AddDeployment("team", "legacy", new Dictionary<string, string> { ["canaryguard.io/canary"] = "disabled" });
        harness.AddDeployment("shop", "plain");
        Server.Put(ApiObjects.CanaryPath("shop", "web"), ApiObjects.UserCanary("shop", "web"));
        await Reconciler.StartAsync(CancellationToken.None);

        var queued = await Reconciler.ResyncAsync(CancellationToken.None);
        await ReconcilerHarness.WaitUntilAsync(
            () => Reconciler.Metrics.Total(ReconcileResult.Applied) + Reconciler.Metrics.Total(ReconcileResult.UserOwned) == 2, "both are reconciled");
        await Reconciler.StopAsync(CancellationToken.None);

        Assert.Equal(2, queued);
        Assert.Equal(ApiObjects.CanaryPath("team", "api"), Assert.Single(Server.Applies).Path);
        Assert.Contains(Server.Requests, r => r.Path == "/api/v1/namespaces" && r.Query == "limit=500&labelSelector=canaryguard.io%2Fcanary%3Denabled");
        var list = Assert.Single(Server.Requests, r => r.Path == "/apis/apps/v1/deployments");
        Assert.Equal("limit=500", list.Query);
        Assert.Equal("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", list.Header("Accept"));
    }

    [Fact]
    public async Task ThePeriodicResync_RunsByItself()
    {
        harness.AddDeployment("shop", "web", OptIn);
        var reconciler = new CanaryReconciler(harness.Client, () => CanaryGuardPolicy.Default, harness.Logger, new CanaryReconcilerOptions
        {
            InitialResyncDelay = TimeSpan.Zero,
            ResyncInterval = TimeSpan.FromMilliseconds(50),
        });
        await reconciler.StartAsync(CancellationToken.None);

        await ReconcilerHarness.WaitUntilAsync(
            () => Server.Requests.Count(r => r.Path == "/apis/apps/v1/deployments") >= 3 && reconciler.Metrics.Total(ReconcileResult.Unchanged) >= 1,
            "several resyncs ran and a later one found the canary in step");
        await reconciler.StopAsync(CancellationToken.None);
        reconciler.Dispose();

        Assert.Single(Server.Applies);
    }

    [Fact]
    public async Task AnOverrideThatBreaksARuleAtErrorLevel_IsRefused_WithALogLineAndAnEventOnTheDeployment()
    {
        harness.Policy = CanaryGuardPolicy.Default with { RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG1005"] = DiagnosticSeverity.Error } };
        harness.AddDeployment("shop", "web", new Dictionary<string, string>(OptIn) { ["canaryguard.io/step-weight"] = "60" });

        var result = await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal(ReconcileResult.Refused, result);
        Assert.Empty(Server.Applies);
        const string finding = "CG1005 spec.analysis.stepWeight: stepWeight (60) is not below maxWeight (50): the canary is promoted after a single analysis";
        Assert.Contains("Warning: canary shop/web: refused, the generated canary fails the rules: " + finding, harness.Logger.Lines);
        var warning = Assert.Single(harness.EventsFor("shop", "web"));
        Assert.Equal("CanaryRefused", warning["reason"]!.GetValue<string>());
        Assert.Equal("Warning", warning["type"]!.GetValue<string>());
        Assert.Equal("6f1c7c55-1f0e-4b8e-9a51-0d7a2b9f3c11", warning["involvedObject"]!["uid"]!.GetValue<string>());
        Assert.EndsWith(finding, warning["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same refusal on the next pass names the same Event, which the API server already holds (409): one Event.
        Assert.Equal(ReconcileResult.Refused, await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None));
        var posted = harness.EventsFor("shop", "web").Select(e => e["metadata"]!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(2, posted.Count);
        Assert.Single(posted.Distinct());
        Assert.NotNull(Server.Get("/api/v1/namespaces/shop/events/" + posted[0]));
    }

    [Fact]
    public async Task ADeploymentWithoutAUsablePort_IsInvalid()
    {
        Server.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web", OptIn, ports: [("grpc", 9090), ("metrics", 9797)]));

        var result = await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal(ReconcileResult.Invalid, result);
        var warning = Assert.Single(harness.EventsFor("shop", "web"));
        Assert.Equal("CanaryNotGenerated", warning["reason"]!.GetValue<string>());
        Assert.StartsWith("canaryguard generated no Canary: cannot tell the service port", warning["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Server.Applies);
    }

    [Fact]
    public async Task AnHpaTargetingTheDeployment_IsReferenced()
    {
        harness.AddDeployment("shop", "web", OptIn);
        Server.Put(ApiObjects.HpaPath("shop", "other"), ApiObjects.Hpa("shop", "other", "api"));
        Server.Put(ApiObjects.HpaPath("shop", "web-hpa"), ApiObjects.Hpa("shop", "web-hpa", "web"));

        await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal("web-hpa", JsonNode.Parse(Assert.Single(Server.Applies).Body)!["spec"]!["autoscalerRef"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metrics_AreWrittenInPrometheusTextFormat()
    {
        harness.AddDeployment("shop", "web", OptIn);
        await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None);
        Reconciler.Enqueue("shop", "other");

        var text = harness.Registry.Render();

        var lines = text.Split('\n');
        Assert.Contains("# TYPE canaryguard_canary_reconcile_total counter", lines);
        Assert.Contains("canaryguard_canary_reconcile_total{result=\"applied\"} 1", lines);
        Assert.Contains("canaryguard_canary_reconcile_total{result=\"user_owned\"} 0", lines);
        Assert.Contains("# TYPE canaryguard_canary_reconcile_queue_depth gauge", lines);
        Assert.Contains("canaryguard_canary_reconcile_queue_depth 1", lines);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }
}
