using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Leadership;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Canaries;

/// <summary>
/// Issue 17, finding by finding, against the fake API server: Flagger's own objects are never opted in, no Service
/// is taken over, one leader applies, excluded namespaces are left alone, refusals go to Events only, and a flood
/// of reviews for missing Deployments does not starve a real admission.
/// </summary>
public sealed class CanaryGenerationSafetyTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> OptIn = new() { ["canaryguard.io/canary"] = "enabled" };

    private ReconcilerHarness harness = null!;

    private FakeApiServer Server => harness.Server;

    private CanaryReconciler Reconciler => harness.Reconciler;

    public async Task InitializeAsync() => harness = await ReconcilerHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    /// <summary>Flagger's <c>NAME-primary</c>: controlled by the Canary, with the target's annotations copied over.</summary>
    private static string FlaggerPrimary(string ns, string target, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var primary = JsonNode.Parse(ApiObjects.Deployment(ns, target + "-primary", annotations, uid: "0b7e2f0c-8d1e-4f57-a3a4-5f1d3c9e7a21"))!;
        primary["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "flagger.app/v1beta1",
            ["kind"] = "Canary",
            ["name"] = target,
            ["uid"] = "c3a1d2e4-0000-4000-8000-000000000001",
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        return primary.ToJsonString();
    }

    private static string Service(string ns, string name, IReadOnlyDictionary<string, string> selector, string? ownerCanary = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString() };
        if (ownerCanary is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "flagger.app/v1beta1", ["kind"] = "Canary", ["name"] = ownerCanary, ["controller"] = true });
        }

        var selectorObject = new JsonObject();
        foreach (var (key, value) in selector)
        {
            selectorObject[key] = value;
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["selector"] = selectorObject, ["ports"] = new JsonArray(new JsonObject { ["port"] = 80, ["targetPort"] = 8080 }) },
        }.ToJsonString();
    }

    private static string ServicePath(string ns, string name) => $"/api/v1/namespaces/{ns}/services/{name}";

    [Fact]
    public async Task FlaggersPrimary_GetsNoCanary_OnTheResync_WhenItsNamespaceIsOptedInByLabel()
    {
        harness.AddNamespace("shop", optedIn: true);
        harness.AddDeployment("shop", "web");
        Server.Put(ApiObjects.DeploymentPath("shop", "web-primary"), FlaggerPrimary("shop", "web"));
        await Reconciler.StartAsync(CancellationToken.None);

        var queued = await Reconciler.ResyncAsync(CancellationToken.None);
        await ReconcilerHarness.WaitUntilAsync(() => Reconciler.Metrics.Total(ReconcileResult.Applied) == 1, "the target's canary is applied");
        await Reconciler.StopAsync(CancellationToken.None);

        Assert.Equal(1, queued);
        Assert.Equal(ApiObjects.CanaryPath("shop", "web"), Assert.Single(Server.Applies).Path);
        Assert.DoesNotContain(Server.Requests, r => r.Path == ApiObjects.DeploymentPath("shop", "web-primary"));
    }

    [Fact]
    public async Task FlaggersPrimary_GetsNoCanary_OnTheResync_WhenTheCopiedAnnotationOptsItIn()
    {
        harness.AddDeployment("shop", "web", OptIn);
        Server.Put(ApiObjects.DeploymentPath("shop", "web-primary"), FlaggerPrimary("shop", "web", OptIn));
        await Reconciler.StartAsync(CancellationToken.None);

        var queued = await Reconciler.ResyncAsync(CancellationToken.None);
        await ReconcilerHarness.WaitUntilAsync(() => Reconciler.Metrics.Total(ReconcileResult.Applied) == 1, "the target's canary is applied");
        await Reconciler.StopAsync(CancellationToken.None);

        Assert.Equal(1, queued);
        Assert.Equal(ApiObjects.CanaryPath("shop", "web"), Assert.Single(Server.Applies).Path);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FlaggersPrimary_GetsNoCanary_WhenReconciledDirectly(bool byNamespaceLabel)
    {
        harness.AddNamespace("shop", optedIn: byNamespaceLabel);
        Server.Put(ApiObjects.DeploymentPath("shop", "web-primary"), FlaggerPrimary("shop", "web", byNamespaceLabel ? null : OptIn));

        var result = await Reconciler.ReconcileAsync("shop", "web-primary", CancellationToken.None);

        Assert.Equal(ReconcileResult.NotOptedIn, result);
        Assert.Empty(Server.Applies);
    }

    [Theory]
    [InlineData("/mutate", true)]
    [InlineData("/mutate/namespace", false)]
    public async Task FlaggersPrimary_IsNotMutatedNorQueued_ByTheWebhook(string path, bool annotated)
    {
        var primary = FlaggerPrimary("shop", "web", annotated ? OptIn : null);
        Server.Put(ApiObjects.DeploymentPath("shop", "web-primary"), primary);
        using var client = new ClusterClient(Server.Config());
        await using var webhook = await RunningWebhook.StartAsync(cluster: client);
        var review = Reviews.Review(JsonNode.Parse(primary)!.AsObject());
        review["request"]!["namespace"] = "shop";
        review["request"]!["name"] = "web-primary";

        var response = Reviews.Response(await webhook.ReviewAsync(path, review));
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Null(response["patch"]);
        Assert.Equal(0, webhook.Server.Reconciler!.QueueDepth);
        Assert.Empty(Server.Applies);
    }

    [Fact]
    public async Task AServiceNamedAfterTheDeploymentThatSelectsOtherPods_IsNotTakenOver_AndTheRefusalIsAnEvent()
    {
        harness.AddDeployment("shop", "db", OptIn);
        Server.Put(ServicePath("shop", "db"), Service("shop", "db", new Dictionary<string, string> { ["app"] = "postgres" }));

        var result = await Reconciler.ReconcileAsync("shop", "db", CancellationToken.None);

        Assert.Equal(ReconcileResult.ServiceConflict, result);
        Assert.Empty(Server.Applies);
        const string conflict = "Service shop/db exists, is not managed by Flagger for this Deployment and selects other pods; Flagger would rewrite its selector and take its traffic";
        Assert.Contains("Warning: canary shop/db: not generated, a Service would be taken over: " + conflict, harness.Logger.Lines);
        var warning = Assert.Single(harness.EventsFor("shop", "db"));
        Assert.Equal("CanaryServiceConflict", warning["reason"]!.GetValue<string>());
        Assert.Equal("canaryguard generated no Canary: " + conflict, warning["message"]!.GetValue<string>());
        Assert.Contains("canaryguard_canary_reconcile_total{result=\"service_conflict\"} 1", harness.Registry.Render().Split('\n'));
    }

    [Theory]
    [InlineData("web-canary")]
    [InlineData("web-primary")]
    public async Task AGeneratedServiceNameTakenByAnotherApp_IsNotTakenOver(string serviceName)
    {
        harness.AddDeployment("shop", "web", OptIn);
        Server.Put(ServicePath("shop", serviceName), Service("shop", serviceName, new Dictionary<string, string> { ["app"] = "billing" }));

        Assert.Equal(ReconcileResult.ServiceConflict, await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None));
        Assert.Empty(Server.Applies);
    }

    [Fact]
    public async Task TheDeploymentsOwnServices_AndFlaggersServicesForIt_AreNoConflict()
    {
        harness.AddDeployment("shop", "web", OptIn);
        Server.Put(ServicePath("shop", "web"), Service("shop", "web", new Dictionary<string, string> { ["app"] = "web" }));
        Server.Put(ServicePath("shop", "web-primary"), Service("shop", "web-primary", new Dictionary<string, string> { ["app"] = "web-primary" }, ownerCanary: "web"));

        Assert.Equal(ReconcileResult.Applied, await Reconciler.ReconcileAsync("shop", "web", CancellationToken.None));
        Assert.Empty(harness.EventsFor("shop", "web"));
    }

    [Theory]
    [InlineData("kube-system")]
    [InlineData("istio-system")]
    [InlineData("canaryguard-system")]
    public async Task ExcludedNamespaces_AreNeverQueuedResyncedOrReconciled(string ns)
    {
        harness.AddDeployment(ns, "web", OptIn);
        harness.AddNamespace(ns, optedIn: true);
        await Reconciler.StartAsync(CancellationToken.None);

        Assert.False(Reconciler.Enqueue(ns, "web"));
        Assert.Equal(0, await Reconciler.ResyncAsync(CancellationToken.None));
        Assert.Equal(ReconcileResult.NotOptedIn, await Reconciler.ReconcileAsync(ns, "web", CancellationToken.None));
        await Reconciler.StopAsync(CancellationToken.None);

        Assert.Empty(Server.Applies);
        Assert.DoesNotContain(Server.Requests, r => r.Path == ApiObjects.DeploymentPath(ns, "web"));
    }

    [Fact]
    public async Task TwoReplicasWithDifferentPolicies_ElectOneLeader_AndApplyOncePerChange_NeverGoingBackAGeneration()
    {
        harness.AddDeployment("shop", "web", OptIn);
        var newer = CanaryGuardPolicy.Default with { CanaryTemplate = new CanaryTemplatePolicy { MaxWeight = 40, Generation = 2 } };
        var older = CanaryGuardPolicy.Default with { CanaryTemplate = new CanaryTemplatePolicy { Generation = 1 } };
        var fast = new LeaseElectorOptions { LeaseDuration = TimeSpan.FromSeconds(3), RenewDeadline = TimeSpan.FromSeconds(2), RetryPeriod = TimeSpan.FromMilliseconds(100) };
        CanaryReconciler Replica(string identity, CanaryGuardPolicy policy) => new(harness.Client, () => policy, harness.Logger, new CanaryReconcilerOptions
        {
            Identity = identity,
            Leadership = fast,
            InitialResyncDelay = TimeSpan.Zero,
            ResyncInterval = TimeSpan.FromMilliseconds(200),
        });
        using var first = Replica("replica-new", newer);
        using var second = Replica("replica-old", older);

        await first.StartAsync(CancellationToken.None);
        await ReconcilerHarness.WaitUntilAsync(() => first.IsLeader, "the first replica leads");
        await second.StartAsync(CancellationToken.None);
        Assert.False(second.Enqueue("shop", "web"));
        await ReconcilerHarness.WaitUntilAsync(() => first.Metrics.Total(ReconcileResult.Unchanged) >= 2, "the leader applied and then found the canary in step");
        Assert.False(second.IsLeader);
        Assert.Equal(0, second.Metrics.Total(ReconcileResult.Applied) + second.Metrics.Total(ReconcileResult.Unchanged));

        // The newer replica stops (a rollout going back, say): it hands the Lease over, and the older replica must not undo its Canary.
        await first.StopAsync(CancellationToken.None);
        await ReconcilerHarness.WaitUntilAsync(() => second.IsLeader && second.Metrics.Total(ReconcileResult.StalePolicy) >= 2, "the older replica leads and leaves the newer canary alone");
        await second.StopAsync(CancellationToken.None);

        var apply = Assert.Single(Server.Applies);
        var applied = JsonNode.Parse(apply.Body)!;
        Assert.Equal("2", applied["metadata"]!["annotations"]!["canaryguard.io/policy-generation"]!.GetValue<string>());
        Assert.Equal(40, applied["spec"]!["analysis"]!["maxWeight"]!.GetValue<int>());
        var lease = Server.Get("/apis/coordination.k8s.io/v1/namespaces/canaryguard-system/leases/canaryguard-canary-generation")!;
        Assert.Equal(1, lease["spec"]!["leaseTransitions"]!.GetValue<int>());
        Assert.Contains("Warning: canary shop/web: left alone, it was applied from policy generation 2 and this replica has 1", harness.Logger.Lines);
    }

    [Fact]
    public async Task ALeaderThatCannotRenew_StopsReconcilingBeforeTheLeaseExpires()
    {
        var options = new LeaseElectorOptions { LeaseDuration = TimeSpan.FromSeconds(30), RenewDeadline = TimeSpan.FromMilliseconds(500), RetryPeriod = TimeSpan.FromMilliseconds(100) };
        using var reconciler = new CanaryReconciler(harness.Client, () => CanaryGuardPolicy.Default, harness.Logger, new CanaryReconcilerOptions
        {
            Leadership = options,
            InitialResyncDelay = Timeout.InfiniteTimeSpan,
        });
        await reconciler.StartAsync(CancellationToken.None);
        await ReconcilerHarness.WaitUntilAsync(() => reconciler.IsLeader, "it leads");

        Server.Intercept = request => request.Path.Contains("/leases/", StringComparison.Ordinal) ? FakeResponse.InternalError() : null;
        await ReconcilerHarness.WaitUntilAsync(() => !reconciler.IsLeader, "it stops leading after the renew deadline");
        Assert.False(reconciler.Enqueue("shop", "web"));
        await reconciler.StopAsync(CancellationToken.None);
    }
}
