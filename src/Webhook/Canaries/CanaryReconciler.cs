using CanaryGuard.Webhook.Admission;
using CanaryGuard.Webhook.Metrics;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Kubernetes;

namespace CanaryGuard.Webhook.Canaries;

/// <summary>
/// Keeps a Flagger Canary beside every opted-in Deployment. <see cref="Enqueue"/> (called by /mutate for real,
/// not dry-run, admissions) and a jittered periodic resync feed a bounded queue; workers read the Deployment
/// back (waiting until it is stored), build the Canary from the policy, check it with the rules, and server-side
/// apply it once per change. A Canary that exists without canaryguard among its field managers belongs to the
/// user and is never touched. Apply uses force=false when creating (so a Canary a user created a moment
/// earlier answers 409, and the retry finds it user-owned) and force=true when bringing a canaryguard-managed
/// Canary in step with the policy.
/// </summary>
public sealed class CanaryReconciler : BackgroundService, ICanaryGeneration
{
    private readonly KubernetesClient client;
    private readonly Func<CanaryGuardPolicy> policy;
    private readonly ILogger<CanaryReconciler> logger;
    private readonly CanaryReconcilerOptions options;
    private readonly GeneratedCanaryCheck check;
    private readonly Channel<DeploymentKey> queue;
    private readonly Lock gate = new();
    private readonly HashSet<DeploymentKey> queued = [];
    private readonly HashSet<DeploymentKey> running = [];
    private readonly HashSet<DeploymentKey> again = [];
    private readonly ConcurrentDictionary<DeploymentKey, string> refusals = new();

    public CanaryReconciler(
        KubernetesClient client,
        Func<CanaryGuardPolicy> policy,
        ILogger<CanaryReconciler> logger,
        CanaryReconcilerOptions? options = null,
        CanaryReconcileMetrics? metrics = null,
        AnalysisEngine? engine = null)
    {
        this.client = client;
        this.policy = policy;
        this.logger = logger;
        this.options = options ?? new CanaryReconcilerOptions();
        check = new GeneratedCanaryCheck(engine ?? AnalysisEngine.CreateDefault());
        queue = Channel.CreateBounded<DeploymentKey>(new BoundedChannelOptions(this.options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = this.options.Workers == 1,
        });
        Metrics = metrics ?? new CanaryReconcileMetrics(new MetricsRegistry());
        Metrics.QueueDepthSource = () => queue.Reader.Count;
    }

    public CanaryReconcileMetrics Metrics { get; }

    public int QueueDepth => queue.Reader.Count;

    /// <summary>
    /// Queues a reconcile of the Deployment. A key already waiting is not queued twice; one being reconciled is
    /// reconciled again afterwards. False when the queue is full (the periodic resync will pick it up).
    /// </summary>
    public bool Enqueue(string @namespace, string name)
    {
        var key = new DeploymentKey(@namespace, name);
        lock (gate)
        {
            if (running.Contains(key))
            {
                again.Add(key);
                return true;
            }

            if (!queued.Add(key))
            {
                return true;
            }

            if (queue.Writer.TryWrite(key))
            {
                return true;
            }

            queued.Remove(key);
        }

        logger.QueueFull(options.QueueCapacity, @namespace, name);
        return false;
    }

    /// <summary>
    /// Why the last generated Canary of this Deployment was not applied (refused by the rules, or not buildable),
    /// for a warning on the Deployment's next admission; null when the last attempt did not fail that way.
    /// </summary>
    public string? RefusalFor(string @namespace, string name) => refusals.GetValueOrDefault(new DeploymentKey(@namespace, name));

    /// <summary>Reconciles one Deployment now, with the retry policy; records and returns the outcome.</summary>
    public async Task<ReconcileResult> ReconcileAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        ReconcileResult result;
        try
        {
            result = await options.Retry.ExecuteAsync(token => ReconcileOnceAsync(new DeploymentKey(@namespace, name), token), cancellationToken);
        }
#pragma warning disable CA1031 // One Deployment's failure, expected (API) or not (a malformed object), must not stop the worker and with it the host.
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.ReconcileFailed(@namespace, name, exception.Message);
            result = ReconcileResult.Error;
        }

        Metrics.Record(result);
        return result;
    }

    /// <summary>Lists opted-in Deployments (by annotation or namespace label) and queues each; returns how many.</summary>
    public async Task<int> ResyncAsync(CancellationToken cancellationToken)
    {
        var optedInNamespaces = (await options.Retry.ExecuteAsync(
                token => client.ListNamespacesAsync(token, $"{CanaryAnnotations.NamespaceLabel}={CanaryAnnotations.Enabled}"), cancellationToken))
            .Select(n => Json.Text(n, "metadata", "name"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var deployments = await options.Retry.ExecuteAsync(token => client.ListDeploymentsAsync(null, token), cancellationToken);
        var count = 0;
        foreach (var deployment in deployments)
        {
            var ns = Json.Text(deployment, "metadata", "namespace");
            var name = Json.Text(deployment, "metadata", "name");
            if (ns is not null && name is not null && !IsBeingDeleted(deployment)
                && CanaryAnnotations.IsOptedIn(deployment, optedInNamespaces.Contains(ns)) && Enqueue(ns, name))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>True when canaryguard is one of the Canary's field managers (it applied the Canary).</summary>
    public static bool IsManaged(JsonElement canary) =>
        canary.TryGetProperty("metadata", out var metadata)
        && metadata.TryGetProperty("managedFields", out var fields)
        && fields.ValueKind == JsonValueKind.Array
        && fields.EnumerateArray().Any(f => Json.Text(f, "manager") == KubernetesClient.FieldManager);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => WorkAsync(stoppingToken));
        try
        {
            await Task.WhenAll([.. workers, ResyncLoopAsync(stoppingToken)]);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: queued keys are dropped; the next start's resync heals them.
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await foreach (var key in queue.Reader.ReadAllAsync(stoppingToken))
        {
            lock (gate)
            {
                queued.Remove(key);
                running.Add(key);
            }

            try
            {
                await ReconcileAsync(key.Namespace, key.Name, stoppingToken);
            }
            finally
            {
                bool requeue;
                lock (gate)
                {
                    running.Remove(key);
                    requeue = again.Remove(key);
                }

                if (requeue && !stoppingToken.IsCancellationRequested)
                {
                    Enqueue(key.Namespace, key.Name);
                }
            }
        }
    }

    private async Task ResyncLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(options.InitialResyncDelay, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var count = await ResyncAsync(stoppingToken);
                logger.Resynced(count);
            }
#pragma warning disable CA1031 // A failed resync is logged and the next one runs on schedule.
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                logger.ResyncFailed(exception.Message);
            }

            await Task.Delay(NextResyncDelay(), stoppingToken);
        }
    }

    private TimeSpan NextResyncDelay()
    {
        var spread = options.ResyncJitter * ((2 * Random.Shared.NextDouble()) - 1);
        return options.ResyncInterval * (1 + spread);
    }

    private async Task<ReconcileResult> ReconcileOnceAsync(DeploymentKey key, CancellationToken cancellationToken)
    {
        using var deployment = await WaitForDeploymentAsync(key, cancellationToken);
        if (deployment is null)
        {
            logger.DeploymentMissing(key.Namespace, key.Name);
            return ReconcileResult.DeploymentMissing;
        }

        var root = deployment.RootElement;
        if (IsBeingDeleted(root) || !CanaryAnnotations.IsOptedIn(root, await NamespaceOptedInAsync(root, key.Namespace, cancellationToken)))
        {
            return ReconcileResult.NotOptedIn;
        }

        using var existing = await client.GetCanaryAsync(key.Namespace, key.Name, cancellationToken);
        if (existing is not null && !IsManaged(existing.RootElement))
        {
            logger.UserOwned(key.Namespace, key.Name);
            return ReconcileResult.UserOwned;
        }

        var current = policy();
        var autoscaler = await FindAutoscalerAsync(key, cancellationToken);
        var build = CanaryBuilder.Build(root, current, autoscaler);
        if (!build.Succeeded)
        {
            refusals[key] = build.Problem!;
            logger.NotGenerated(key.Namespace, key.Name, build.Problem!);
            return ReconcileResult.Invalid;
        }

        var body = Encoding.UTF8.GetBytes(build.Canary!.ToJsonString());
        using (var canary = JsonDocument.Parse(body))
        {
            var errors = check.Errors(canary.RootElement, root, current);
            if (errors.Count > 0)
            {
                var findings = string.Join("; ", errors.Select(e => $"{e.Id} {e.Path}: {e.Message}"));
                refusals[key] = $"the generated canary was not applied: {findings}";
                logger.Refused(key.Namespace, key.Name, findings);
                return ReconcileResult.Refused;
            }
        }

        refusals.TryRemove(key, out _);
        if (existing is not null && Json.Text(existing.RootElement, "metadata", "annotations", CanaryAnnotations.GeneratedHash) == build.Hash)
        {
            return ReconcileResult.Unchanged;
        }

        using var applied = await client.ApplyCanaryAsync(key.Namespace, key.Name, body, force: existing is not null, cancellationToken);
        logger.Applied(key.Namespace, key.Name, build.Hash!);
        return ReconcileResult.Applied;
    }

    private async Task<JsonDocument?> WaitForDeploymentAsync(DeploymentKey key, CancellationToken cancellationToken)
    {
        var wait = options.DeploymentWait;
        for (var attempt = 0; ; attempt++)
        {
            var deployment = await client.GetDeploymentAsync(key.Namespace, key.Name, cancellationToken);
            if (deployment is not null || attempt + 1 >= wait.MaxAttempts)
            {
                return deployment;
            }

            await wait.Delay(wait.DelayAfter(attempt), cancellationToken);
        }
    }

    private async Task<bool> NamespaceOptedInAsync(JsonElement deployment, string @namespace, CancellationToken cancellationToken)
    {
        if (Json.Text(deployment, "metadata", "annotations", CanaryAnnotations.Canary) is CanaryAnnotations.Enabled or CanaryAnnotations.Disabled)
        {
            return false;
        }

        using var found = await client.GetNamespaceAsync(@namespace, cancellationToken);
        return found is not null && Json.Text(found.RootElement, "metadata", "labels", CanaryAnnotations.NamespaceLabel) == CanaryAnnotations.Enabled;
    }

    /// <summary>The HPA that scales this Deployment, which the Canary must reference so Flagger scales the primary.</summary>
    private async Task<string?> FindAutoscalerAsync(DeploymentKey key, CancellationToken cancellationToken)
    {
        var autoscalers = await client.ListHorizontalPodAutoscalersAsync(key.Namespace, cancellationToken);
        return autoscalers
            .Where(h => Json.Text(h, "spec", "scaleTargetRef", "kind") == "Deployment" && Json.Text(h, "spec", "scaleTargetRef", "name") == key.Name)
            .Select(h => Json.Text(h, "metadata", "name"))
            .FirstOrDefault(n => n is not null);
    }

    private static bool IsBeingDeleted(JsonElement deployment) => Json.Text(deployment, "metadata", "deletionTimestamp") is not null;

    private readonly record struct DeploymentKey(string Namespace, string Name);
}
