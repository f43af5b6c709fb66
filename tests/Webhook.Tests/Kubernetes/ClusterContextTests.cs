using System.Diagnostics;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Webhook.Tests.Kubernetes;

public sealed class ClusterContextTests : IAsyncLifetime, IDisposable
{
    private const string Canary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          autoscalerRef: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: web-hpa}
          service: {port: 8080}
          analysis:
            metrics:
              - name: errors
                templateRef: {name: error-rate, namespace: monitoring}
              - name: latency
                templateRef: {name: latency}
        """;

    private FakeApiServer server = null!;
    private ClusterClient client = null!;

    public async Task InitializeAsync()
    {
        server = await FakeApiServer.StartAsync();
        server.ExpectedToken = "test-token";
        client = new ClusterClient(server.Config());
        server.Put(ApiObjects.NamespacePath("shop"), ApiObjects.Namespace("shop", new Dictionary<string, string> { ["istio-injection"] = "enabled" }));
        server.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        server.Put(ApiObjects.HpaPath("shop", "web-hpa"), ApiObjects.Hpa("shop", "web-hpa", "web"));
        server.Put("/api/v1/namespaces/shop/services/web", """{"metadata":{"name":"web","namespace":"shop"},"spec":{"selector":{"app":"web"},"ports":[{"port":8080}]}}""");
        server.Put("/apis/flagger.app/v1beta1/namespaces/shop/metrictemplates/latency", """{"apiVersion":"flagger.app/v1beta1","kind":"MetricTemplate","metadata":{"name":"latency","namespace":"shop"},"spec":{"provider":{"type":"prometheus"},"query":"1"}}""");
        server.Put("/apis/flagger.app/v1beta1/namespaces/monitoring/metrictemplates/error-rate", """{"apiVersion":"flagger.app/v1beta1","kind":"MetricTemplate","metadata":{"name":"error-rate","namespace":"monitoring"},"spec":{"provider":{"type":"prometheus"},"query":"1"}}""");
        server.Put(ApiObjects.CanaryPath("shop", "web"), """{"apiVersion":"flagger.app/v1beta1","kind":"Canary","metadata":{"name":"web","namespace":"shop"},"spec":{"service":{"port":1}}}""");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => client.Dispose();

    private static readonly AnalysisEngine Engine = AnalysisEngine.CreateDefault();

    private static (KubernetesResource Reviewed, Workspace Workspace) Review(string yaml)
    {
        var file = YamlManifestReader.Read("admission", yaml);
        var workspace = new Workspace([file], "default", isComplete: false);
        return (workspace.Resources[0], workspace);
    }

    /// <summary>Loads what the default rule set reads for the reviewed object.</summary>
    private static Task<ClusterLookup> LoadAsync(ClusterContext context, (KubernetesResource Reviewed, Workspace Workspace) review) =>
        context.LoadAsync(review.Reviewed, Engine.InputsFor(review.Reviewed, Rules.Policy.CanaryGuardPolicy.Default), review.Workspace, CancellationToken.None);

    [Fact]
    public async Task ForACanary_EverythingItRefersToIsFound()
    {
        var (canary, workspace) = Review(Canary);

        var lookup = await LoadAsync(new ClusterContext(client), (canary, workspace));

        Assert.Empty(lookup.Unavailable);
        Assert.Equal("web", lookup.Find("apps", "Deployment", "shop", "web")?.Name);
        Assert.Equal("web-hpa", lookup.Find("autoscaling", "HorizontalPodAutoscaler", "shop", "web-hpa")?.Name);
        Assert.Single(lookup.List(string.Empty, "Service", "shop"));
        Assert.NotNull(lookup.Find("flagger.app", "MetricTemplate", "shop", "latency"));
        Assert.NotNull(lookup.Find("flagger.app", "MetricTemplate", "monitoring", "error-rate"));
        Assert.Equal("enabled", lookup.Find(string.Empty, "Namespace", "shop", "shop")!.Root.At("metadata", "labels")!.Is<MappingNode>().String("istio-injection"));
        Assert.Null(lookup.Find("apps", "Deployment", "shop", "other"));
        Assert.Equal(
            [
                "/api/v1/namespaces/shop", "/api/v1/namespaces/shop/services", "/apis/apps/v1/namespaces/shop/deployments/web",
                "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers", "/apis/flagger.app/v1beta1/namespaces/monitoring/metrictemplates/error-rate",
                "/apis/flagger.app/v1beta1/namespaces/shop/canaries", "/apis/flagger.app/v1beta1/namespaces/shop/metrictemplates",
                "/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects",
            ],
            server.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheReviewedObject_WinsOverItsStoredCopy()
    {
        var (canary, workspace) = Review(Canary);

        var lookup = await LoadAsync(new ClusterContext(client), (canary, workspace));

        var canaries = lookup.List("flagger.app", "Canary", "shop");
        Assert.Same(canary, Assert.Single(canaries));
        Assert.Same(canary, lookup.Find("flagger.app", "Canary", "shop", "web"));
    }

    [Fact]
    public async Task AFailedLookUp_MakesTheContextIncomplete_AndSaysWhat()
    {
        server.FailNext(r => r.Path == "/api/v1/namespaces/shop/services", FakeResponse.InternalError());
        var (canary, workspace) = Review(Canary);

        var lookup = await LoadAsync(new ClusterContext(client), (canary, workspace));

        Assert.Equal(["services in shop: 500 InternalError"], lookup.Unavailable);
        Assert.NotNull(lookup.Find("apps", "Deployment", "shop", "web"));
        Assert.False(lookup.ProvesAbsence(new ObjectReference(string.Empty, "Service", "shop", "web-canary")));
        Assert.True(lookup.ProvesAbsence(new ObjectReference("autoscaling", "HorizontalPodAutoscaler", "shop", "other")));
    }

    [Fact]
    public async Task ASlowApiServer_IsCutOffAtTheBudget()
    {
        server.ResponseDelay = TimeSpan.FromSeconds(3);
        var (canary, workspace) = Review(Canary);
        var watch = Stopwatch.StartNew();

        var lookup = await LoadAsync(new ClusterContext(client, budget: TimeSpan.FromMilliseconds(200)), (canary, workspace));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Empty(lookup.Fetched);
        Assert.Contains("namespaces/shop: timed out", lookup.Unavailable);
        Assert.Equal(8, lookup.Unavailable.Count);
    }

    [Fact]
    public async Task AnUnreadableTokenFile_LeavesTheContextUnavailable_WithoutFailingTheReview()
    {
        using var broken = new ClusterClient(server.Config(tokenFile: "/nonexistent/token"));
        var (canary, workspace) = Review(Canary);

        var lookup = await LoadAsync(new ClusterContext(broken), (canary, workspace));

        Assert.Equal(8, lookup.Unavailable.Count);
        Assert.Contains(lookup.Unavailable, u => u.StartsWith("services in shop: Could not find a part of the path", StringComparison.Ordinal));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task NothingIsCached_ASecondReviewReadsAgain_AndSeesWhatWasCreatedInBetween()
    {
        var context = new ClusterContext(client);
        var review = Review(Canary.Replace("web-hpa", "late-hpa", StringComparison.Ordinal));

        var before = await LoadAsync(context, review);
        server.Put(ApiObjects.HpaPath("shop", "late-hpa"), ApiObjects.Hpa("shop", "late-hpa", "web"));
        var after = await LoadAsync(context, review);

        Assert.Null(before.Find("autoscaling", "HorizontalPodAutoscaler", "shop", "late-hpa"));
        Assert.NotNull(after.Find("autoscaling", "HorizontalPodAutoscaler", "shop", "late-hpa"));
        Assert.Equal(16, server.Requests.Count);
    }

    [Fact]
    public async Task OnlyTheDeclaredKindsAreFetched()
    {
        var review = Review(Canary);

        var lookup = await new ClusterContext(client).LoadAsync(review.Reviewed, [Rules.Views.ReadKinds.HorizontalPodAutoscaler], review.Workspace, CancellationToken.None);

        Assert.Equal(["/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers"], server.Requests.Select(r => r.Path));
        Assert.False(lookup.ProvesAbsence(new ObjectReference("apps", "Deployment", "shop", "web")));
    }

    [Fact]
    public async Task AKindTheApiServerDoesNotServe_IsEmpty_AndProvesAbsence()
    {
        server.FailNext(r => r.Path.Contains("/keda.sh/", StringComparison.Ordinal), FakeResponse.Failure(404, "NotFound", "the server could not find the requested resource"));
        var review = Review(Canary);

        var lookup = await LoadAsync(new ClusterContext(client), review);

        Assert.Empty(lookup.Unavailable);
        Assert.True(lookup.ProvesAbsence(new ObjectReference("keda.sh", "ScaledObject", "shop", "web")));
    }

    [Fact]
    public async Task AForbiddenKind_ProvesNothing_AndIsReportedUnavailable()
    {
        server.FailNext(r => r.Path.Contains("/keda.sh/", StringComparison.Ordinal), FakeResponse.Failure(403, "Forbidden", "scaledobjects.keda.sh is forbidden"));
        var review = Review(Canary);

        var lookup = await LoadAsync(new ClusterContext(client), review);

        Assert.Equal(["scaledobjects in shop: 403 Forbidden"], lookup.Unavailable);
        Assert.False(lookup.ProvesAbsence(new ObjectReference("keda.sh", "ScaledObject", "shop", "web")));
        Assert.True(lookup.ProvesAbsence(new ObjectReference("apps", "Deployment", "shop", "web")));
        Assert.False(lookup.ProvesAbsence(new ObjectReference("apps", "Deployment", "shop", "other")));
    }

    [Fact]
    public async Task AReviewsFetchesAreCancelledAtItsBudget_AndHoldNoConnectionTheNextReviewNeeds()
    {
        using var oneAtATime = new ClusterClient(server.Config() with { MaxConcurrentRequests = 1 });
        var review = Review("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n");
        server.ResponseDelay = TimeSpan.FromSeconds(30);

        var starved = await LoadAsync(new ClusterContext(oneAtATime, budget: TimeSpan.FromMilliseconds(300)), review);
        server.ResponseDelay = TimeSpan.Zero;
        // Shorter than the client's 5 s request timeout: only a cancelled request frees the one slot in time.
        var next = await LoadAsync(new ClusterContext(oneAtATime, budget: TimeSpan.FromSeconds(3)), review);

        Assert.Empty(starved.Fetched);
        Assert.Empty(next.Unavailable);
    }

    [Fact]
    public async Task ForADeployment_TheNamespaceAndItsCanariesServicesAndHpasAreFetched()
    {
        var (deployment, workspace) = Review("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n");

        var lookup = await LoadAsync(new ClusterContext(client), (deployment, workspace));

        Assert.Empty(lookup.Unavailable);
        Assert.Equal(
            ["/api/v1/namespaces/shop", "/apis/apps/v1/namespaces/shop/daemonsets", "/apis/apps/v1/namespaces/shop/deployments",
             "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers", "/apis/flagger.app/v1beta1/namespaces/shop/canaries",
             "/apis/keda.sh/v1alpha1/namespaces/shop/scaledobjects"],
            server.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Single(lookup.List("flagger.app", "Canary", "shop"));
    }
}

internal static class NodeCasts
{
    public static T Is<T>(this ManifestNode node)
        where T : ManifestNode => Assert.IsType<T>(node);
}
