using System.Diagnostics;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Webhook.Kubernetes;

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
    private KubernetesClient client = null!;

    public async Task InitializeAsync()
    {
        server = await FakeApiServer.StartAsync();
        server.ExpectedToken = "test-token";
        client = new KubernetesClient(server.Config());
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

    private static (KubernetesResource Reviewed, Workspace Workspace) Review(string yaml)
    {
        var file = YamlManifestReader.Read("admission", yaml);
        var workspace = new Workspace([file], "default", isComplete: false);
        return (workspace.Resources[0], workspace);
    }

    [Fact]
    public async Task ForACanary_EverythingItRefersToIsFound()
    {
        var (canary, workspace) = Review(Canary);

        var lookup = await new ClusterContext(client).LoadAsync(canary, workspace, CancellationToken.None);

        Assert.True(lookup.IsComplete, string.Join("; ", lookup.Unavailable));
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
            ],
            server.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheReviewedObject_WinsOverItsStoredCopy()
    {
        var (canary, workspace) = Review(Canary);

        var lookup = await new ClusterContext(client).LoadAsync(canary, workspace, CancellationToken.None);

        var canaries = lookup.List("flagger.app", "Canary", "shop");
        Assert.Same(canary, Assert.Single(canaries));
        Assert.Same(canary, lookup.Find("flagger.app", "Canary", "shop", "web"));
    }

    [Fact]
    public async Task AFailedLookUp_MakesTheContextIncomplete_AndSaysWhat()
    {
        server.FailNext(r => r.Path == "/api/v1/namespaces/shop/services", FakeResponse.InternalError());
        var (canary, workspace) = Review(Canary);

        var lookup = await new ClusterContext(client).LoadAsync(canary, workspace, CancellationToken.None);

        Assert.False(lookup.IsComplete);
        Assert.Equal(["services in shop: 500 InternalError"], lookup.Unavailable);
        Assert.NotNull(lookup.Find("apps", "Deployment", "shop", "web"));
    }

    [Fact]
    public async Task ASlowApiServer_IsCutOffAtTheBudget()
    {
        server.ResponseDelay = TimeSpan.FromSeconds(3);
        var (canary, workspace) = Review(Canary);
        var watch = Stopwatch.StartNew();

        var lookup = await new ClusterContext(client, budget: TimeSpan.FromMilliseconds(200)).LoadAsync(canary, workspace, CancellationToken.None);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.False(lookup.IsComplete);
        Assert.Contains("namespaces/shop: timed out", lookup.Unavailable);
        Assert.Equal(7, lookup.Unavailable.Count);
    }

    [Fact]
    public async Task AnUnreadableTokenFile_LeavesTheContextUnavailable_WithoutFailingTheReview()
    {
        using var broken = new KubernetesClient(server.Config() with { Token = BearerToken.FromFile("/nonexistent/token") });
        var (canary, workspace) = Review(Canary);

        var lookup = await new ClusterContext(broken).LoadAsync(canary, workspace, CancellationToken.None);

        Assert.Equal(7, lookup.Unavailable.Count);
        Assert.Contains(lookup.Unavailable, u => u.StartsWith("services in shop: Could not find a part of the path", StringComparison.Ordinal));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Answers_AreCachedForTheTtl()
    {
        var clock = new ManualClock();
        var context = new ClusterContext(client, cacheTtl: TimeSpan.FromSeconds(5), time: clock);
        var (canary, workspace) = Review(Canary);

        await context.LoadAsync(canary, workspace, CancellationToken.None);
        await context.LoadAsync(canary, workspace, CancellationToken.None);
        var cached = server.Requests.Count;
        clock.Advance(TimeSpan.FromSeconds(6));
        await context.LoadAsync(canary, workspace, CancellationToken.None);

        Assert.Equal(7, cached);
        Assert.Equal(14, server.Requests.Count);
    }

    [Fact]
    public async Task ForADeployment_TheNamespaceAndItsCanariesServicesAndHpasAreFetched()
    {
        var (deployment, workspace) = Review("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n");

        var lookup = await new ClusterContext(client).LoadAsync(deployment, workspace, CancellationToken.None);

        Assert.True(lookup.IsComplete);
        Assert.Equal(4, server.Requests.Count);
        Assert.Single(lookup.List("flagger.app", "Canary", "shop"));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => now += by;

        public override DateTimeOffset GetUtcNow() => now;
    }
}

internal static class NodeCasts
{
    public static T Is<T>(this ManifestNode node)
        where T : ManifestNode => Assert.IsType<T>(node);
}
