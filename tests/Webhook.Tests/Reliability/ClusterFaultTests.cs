using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Tests.Canaries;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Reliability;

/// <summary>
/// Kubernetes API faults seen by /validate's cluster look-ups and by the Canary reconciler: admission answers
/// within 80% of the webhook timeout (3 s in deploy/) and never denies because a look-up failed; the reconciler
/// retries with bounded backoff and never applies twice.
/// </summary>
public sealed class ClusterFaultTests
{
    /// <summary>80% of the ValidatingWebhookConfiguration's timeoutSeconds (3).</summary>
    private static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(2.4);

    /// <summary>CG2001 (target not found) at error level: a look-up failure that turned into a denial would show.</summary>
    private const string StrictPolicy = RunningWebhook.IsolatingPolicy + "\nrules: { CG1013: error, CG2001: error }\n";

    private static readonly Dictionary<string, string> OptIn = new() { ["canaryguard.io/canary"] = "enabled" };

    public static TheoryData<string> Faults() => ["slow", "refused", "401", "403", "truncated", "not-json"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_failing_look_up_never_denies_and_the_answer_comes_within_80_percent_of_the_timeout(string fault)
    {
        await using var api = await FakeApiServer.StartAsync();
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        var config = api.Config();
        switch (fault)
        {
            case "slow":
                api.ResponseDelay = TimeSpan.FromSeconds(5);
                break;
            case "refused":
                config = api.Config(server: new Uri($"https://127.0.0.1:{ClosedPort()}/"));
                break;
            case "401":
                api.ExpectedToken = "a-newer-token";
                break;
            case "403":
                api.Intercept = _ => FakeResponse.Failure(403, "Forbidden", "canaries.flagger.app is forbidden: User \"system:serviceaccount:canaryguard:canaryguard\" cannot list resource");
                break;
            case "truncated":
                api.Intercept = _ => new FakeResponse(200, """{"kind":"List","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"w""");
                break;
            default:
                api.Intercept = _ => new FakeResponse(200, "<html>502 Bad Gateway</html>");
                break;
        }

        using var client = new ClusterClient(config);
        await using var webhook = await RunningWebhook.StartAsync(StrictPolicy, cluster: client);

        var watch = Stopwatch.StartNew();
        var review = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));
        watch.Stop();

        var response = Reviews.Response(review);
        Assert.True(response["allowed"]!.GetValue<bool>(), response.ToJsonString());
        Assert.Contains(Reviews.Warnings(review), w => w.StartsWith("canaryguard: cluster context unavailable", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < AnswerBudget, $"answered in {watch.Elapsed.TotalMilliseconds:F0} ms, over {AnswerBudget.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task After_a_401_the_rotated_token_file_is_read_and_the_look_ups_succeed()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        api.ExpectedToken = "rotated";
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("token"), "expired\n");
        using var client = new ClusterClient(api.Config(tokenFile: folder.File("token")));
        await using var webhook = await RunningWebhook.StartAsync(StrictPolicy, cluster: client);

        var before = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));
        await File.WriteAllTextAsync(folder.File("token"), "rotated\n");
        var after = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));

        Assert.Contains(Reviews.Warnings(before), w => w.Contains("401 Unauthorized", StringComparison.Ordinal));
        Assert.True(Reviews.Response(after)["allowed"]!.GetValue<bool>());
        Assert.DoesNotContain(Reviews.Warnings(after), w => w.StartsWith("canaryguard: cluster context unavailable", StringComparison.Ordinal));
        Assert.Contains(api.Requests, r => r.Header("Authorization") == "Bearer rotated");
    }

    [Fact]
    public async Task The_reconciler_gives_up_on_a_refused_connection_after_bounded_backoff()
    {
        var waits = new List<TimeSpan>();
        using var client = new ClusterClient(FakeApiServer.Connection(new Uri($"https://127.0.0.1:{ClosedPort()}/"), TestCertificates.Server(), timeout: TimeSpan.FromSeconds(2)));
        var logger = new ListLogger();
        using var reconciler = new CanaryReconciler(client, () => CanaryGuardPolicy.Default, logger, Options(waits, onWait: null));

        var watch = Stopwatch.StartNew();
        var result = await reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal(ReconcileResult.Error, result);
        Assert.Equal(3, waits.Count);
        Assert.True(waits.SequenceEqual(waits.Order()), string.Join(", ", waits));
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(100)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains(logger.Lines, l => l.StartsWith("Error: canary shop/web: reconcile failed after retries: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reconciler_retries_a_401_with_the_rotated_token_and_applies_exactly_once()
    {
        await using var api = await FakeApiServer.StartAsync();
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web", OptIn));
        api.ExpectedToken = "rotated";
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("token"), "expired");
        var waits = new List<TimeSpan>();
        using var client = new ClusterClient(api.Config(tokenFile: folder.File("token")));
        using var reconciler = new CanaryReconciler(client, () => CanaryGuardPolicy.Default, new ListLogger(), Options(waits, onWait: () => File.WriteAllText(folder.File("token"), "rotated")));

        var result = await reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal(ReconcileResult.Applied, result);
        Assert.Single(waits);
        Assert.Equal(ApiObjects.CanaryPath("shop", "web"), Assert.Single(api.Applies).Path);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(0)]
    public async Task The_reconciler_stops_at_a_403_or_truncated_json_without_applying(int status)
    {
        await using var api = await FakeApiServer.StartAsync();
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web", OptIn));
        api.Intercept = request => request.Method != "GET" ? null : status == 403
            ? FakeResponse.Failure(403, "Forbidden", "deployments.apps \"web\" is forbidden")
            : new FakeResponse(200, ApiObjects.Deployment("shop", "web", OptIn)[..40]);
        var waits = new List<TimeSpan>();
        using var client = new ClusterClient(api.Config());
        using var reconciler = new CanaryReconciler(client, () => CanaryGuardPolicy.Default, new ListLogger(), Options(waits, onWait: null));

        var result = await reconciler.ReconcileAsync("shop", "web", CancellationToken.None);

        Assert.Equal(ReconcileResult.Error, result);
        Assert.Empty(api.Applies);
        Assert.True(waits.Count <= 3, $"{waits.Count} retries");
    }

    private static CanaryReconcilerOptions Options(List<TimeSpan> waits, Action? onWait)
    {
        var retry = new RetryPolicy
        {
            MaxAttempts = 4,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromSeconds(1),
            Delay = (delay, token) =>
            {
                lock (waits)
                {
                    waits.Add(delay);
                }

                onWait?.Invoke();
                return Task.Delay(TimeSpan.FromMilliseconds(1), token);
            },
        };
        return new CanaryReconcilerOptions { Retry = retry, DeploymentWait = retry, InitialResyncDelay = Timeout.InfiniteTimeSpan, ResyncInterval = TimeSpan.FromHours(1) };
    }

    /// <summary>A loopback port nothing listens on: bound, read and released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
