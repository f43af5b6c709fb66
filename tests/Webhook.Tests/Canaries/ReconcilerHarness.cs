using System.Collections.Concurrent;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Tests.Kubernetes;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Tests.Canaries;

/// <summary>A fake API server, a client for it, and a reconciler with short, recorded backoffs.</summary>
internal sealed class ReconcilerHarness : IAsyncDisposable
{
    private ReconcilerHarness(FakeApiServer server, CanaryGuardPolicy policy)
    {
        Server = server;
        Policy = policy;
        Client = new ClusterClient(server.Config());
        var retry = new RetryPolicy
        {
            MaxAttempts = 4,
            BaseDelay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromSeconds(5),
            Delay = (delay, token) =>
            {
                Waits.Add(delay);
                return Task.Delay(TimeSpan.FromMilliseconds(1), token);
            },
        };
        Reconciler = new CanaryReconciler(
            Client,
            () => Policy,
            Logger,
            new CanaryReconcilerOptions
            {
                Retry = retry,
                DeploymentWait = retry with { MaxAttempts = 5 },
                InitialResyncDelay = Timeout.InfiniteTimeSpan,
                ResyncInterval = TimeSpan.FromHours(1),
                Leadership = null,
            },
            new CanaryReconcileMetrics(Registry));
    }

    /// <summary>The registry the reconciler's metrics are in, as the webhook's /metrics renders it.</summary>
    public CanaryGuard.Webhook.Metrics.MetricsRegistry Registry { get; } = new();

    public FakeApiServer Server { get; }

    public ClusterClient Client { get; }

    public CanaryReconciler Reconciler { get; }

    public CanaryGuardPolicy Policy { get; set; }

    public ConcurrentBag<TimeSpan> Waits { get; } = [];

    public ListLogger Logger { get; } = new();

    public static async Task<ReconcilerHarness> StartAsync(CanaryGuardPolicy? policy = null)
    {
        var server = await FakeApiServer.StartAsync();
        server.ExpectedToken = "test-token";
        return new ReconcilerHarness(server, policy ?? CanaryGuardPolicy.Default);
    }

    public void AddDeployment(string ns, string name, IReadOnlyDictionary<string, string>? annotations = null) =>
        Server.Put(ApiObjects.DeploymentPath(ns, name), ApiObjects.Deployment(ns, name, annotations));

    public void AddNamespace(string name, bool optedIn) =>
        Server.Put(ApiObjects.NamespacePath(name), ApiObjects.Namespace(name, optedIn ? new Dictionary<string, string> { ["canaryguard.io/canary"] = "enabled" } : null));

    /// <summary>The Warning Events posted for a Deployment, as the fake API server stored them.</summary>
    public IReadOnlyList<System.Text.Json.Nodes.JsonNode> EventsFor(string ns, string name) =>
        [.. Server.Requests
            .Where(r => r.Method == "POST" && r.Path == $"/api/v1/namespaces/{ns}/events")
            .Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!)
            .Where(e => e["involvedObject"]!["name"]!.GetValue<string>() == name)];

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting until " + what);
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Reconciler.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

internal sealed class ListLogger : ILogger<CanaryReconciler>
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
