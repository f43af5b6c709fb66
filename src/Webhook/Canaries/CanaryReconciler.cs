using System.Text;
using System.Text.Json;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Admission;
using CanaryGuard.Webhook.Audit;
using CanaryGuard.Webhook.Leadership;
using CanaryGuard.Webhook.Metrics;

namespace CanaryGuard.Webhook.Canaries;

/// <summary>
/// Keeps a Flagger Canary beside every opted-in Deployment. Only the replica holding the Lease (see
/// <see cref="LeaseElector"/>) reconciles: <see cref="Enqueue"/> (called by /mutate for real, not dry-run,
/// admissions) and a jittered periodic resync feed a bounded, namespace-fair <see cref="ReconcileBacklog"/>;
/// workers read the Deployment, build the Canary from the policy, check it with the rules and server-side apply
/// it once per change. A Deployment that is not stored yet is retried after a backoff, from the queue, not in a
/// worker. Nothing is generated for Flagger's own objects, in excluded namespaces, over a Service Flagger would
/// take from other pods, or over a Canary from a later policy generation; each refusal is a log line, a metric
/// and a Warning Event on the Deployment. A Canary that exists without canaryguard among its field managers
/// belongs to the user and is never touched. Apply uses force=false when creating (so a Canary a user created a
/// moment earlier answers 409, and the retry finds it user-owned) and force=true when bringing a
/// canaryguard-managed Canary in step with the policy.
/// </summary>
public sealed class CanaryReconciler : BackgroundService, ICanaryGeneration
{
    private readonly ClusterClient client;
    private readonly Func<CanaryGuardPolicy> policy;
    private readonly ILogger<CanaryReconciler> logger;
    private readonly CanaryReconcilerOptions options;
    private readonly GeneratedCanaryCheck check;
    private readonly ReconcileBacklog queue;
    private readonly LeaseElector? elector;
    private readonly CanaryEvents events;
    private readonly HashSet<string> excluded;
    private readonly BackgroundAudit? audit;

    public CanaryReconciler(
        ClusterClient client,
        Func<CanaryGuardPolicy> policy,
        ILogger<CanaryReconciler> logger,
        CanaryReconcilerOptions? options = null,
        CanaryReconcileMetrics? metrics = null,
        AnalysisEngine? engine = null,
        BackgroundAudit? audit = null)
    {
        this.audit = audit;
        this.client = client;
        this.policy = policy;
        this.logger = logger;
        this.options = options ?? new CanaryReconcilerOptions();
        check = new GeneratedCanaryCheck(engine ?? AnalysisEngine.CreateDefault());
        Metrics = metrics ?? new CanaryReconcileMetrics(new MetricsRegistry());
        queue = new ReconcileBacklog(this.options.QueueCapacity);
        queue.Dropped += Metrics.Dropped;
        Metrics.QueueDepthSource = () => queue.Depth;
        var leaseNamespace = this.options.LeaseNamespace ?? client.Namespace ?? CanaryReconcilerOptions.DefaultNamespace;
        excluded = new HashSet<string>(this.options.ExcludedNamespaces, StringComparer.Ordinal);
        Identity = this.options.Identity ?? $"{Environment.MachineName}_{Guid.NewGuid().ToString("N")[..8]}";
        elector = this.options.Leadership is { } leadership ? new LeaseElector(client, leaseNamespace, Identity, logger, leadership) : null;
        events = new CanaryEvents(client, Identity, logger);

        // Without election this instance is the only one: it may take keys before its workers start.
        Metrics.IsLeader = elector is null;
    }

    public CanaryReconcileMetrics Metrics { get; }

    public int QueueDepth => queue.Depth;

    /// <summary>This replica's name in the Lease and in the Events it reports.</summary>
    public string Identity { get; }

    /// <summary>True while this replica reconciles: it holds the Lease, or runs without leader election.</summary>
    public bool IsLeader => Metrics.IsLeader;

    /// <summary>
    /// Queues a reconcile of the Deployment on the leader. A follower leaves it to the leader's next resync (an
    /// admission reaches one replica only); an excluded namespace is never queued. False when not queued.
    /// </summary>
    public bool Enqueue(string @namespace, string name)
    {
        if (!IsLeader || excluded.Contains(@namespace))
        {
            return false;
        }

        if (queue.Add(new DeploymentKey(@namespace, name)) == QueueAdmission.Refused)
        {
            Metrics.Dropped("refused");
            logger.QueueFull(options.QueueCapacity, @namespace, name);
            return false;
        }

        return true;
    }

    /// <summary>Reconciles one Deployment now, retrying API errors with the retry policy; records and returns the outcome.</summary>
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

    /// <summary>
    /// Lists Deployments as metadata only, page by page, and queues each opted-in one (waiting for room when the
    /// queue is full); returns how many. Memory holds one page and the queue, whatever the cluster's size.
    /// </summary>
    public async Task<int> ResyncAsync(CancellationToken cancellationToken)
    {
        var optedInNamespaces = (await options.Retry.ExecuteAsync(
                token => client.ListNamespacesAsync(token, $"{CanaryAnnotations.NamespaceLabel}={CanaryAnnotations.Enabled}"), cancellationToken))
            .Select(n => Json.Text(n, "metadata", "name"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var count = 0;
        await foreach (var page in client.ListMetadataPagesAsync(KubernetesResourceType.Deployments, null, null, options.PageSize, cancellationToken))
        {
            using (page)
            {
                foreach (var deployment in Items(page.RootElement))
                {
                    if (Json.Text(deployment, "metadata", "namespace") is { } ns && Json.Text(deployment, "metadata", "name") is { } name
                        && !excluded.Contains(ns) && !IsBeingDeleted(deployment) && CanaryAnnotations.IsOptedIn(deployment, optedInNamespaces.Contains(ns))
                        && await queue.AddWhenRoomAsync(new DeploymentKey(ns, name), cancellationToken) == QueueAdmission.Queued)
                    {
                        count++;
                    }
                }
            }
        }

        return count;
    }

    /// <summary>True when canaryguard is one of the Canary's field managers (it applied the Canary).</summary>
    public static bool IsManaged(JsonElement canary) =>
        canary.TryGetProperty("metadata", out var metadata)
        && metadata.TryGetProperty("managedFields", out var fields)
        && fields.ValueKind == JsonValueKind.Array
        && fields.EnumerateArray().Any(f => Json.Text(f, "manager") == ClusterClient.FieldManager);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(queue.RunTimerAsync(stoppingToken), elector is null ? LeadAsync(stoppingToken) : elector.RunAsync(LeadAsync, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: queued keys are dropped; the next leader's resync heals them.
        }
    }

    /// <summary>What the leader does until <paramref name="leadership"/> ends: workers, the periodic resync, and the background audit.</summary>
    private async Task LeadAsync(CancellationToken leadership)
    {
        Metrics.IsLeader = true;
        logger.Leading(Identity);
        try
        {
            var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => WorkAsync(leadership));
            await Task.WhenAll([.. workers, ResyncLoopAsync(leadership), .. audit is null ? [] : new[] { audit.RunAsync(leadership) }]);
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
            // Leadership lost or shutdown: stop at once; another replica's resync carries on.
        }
        finally
        {
            Metrics.IsLeader = elector is null;
            logger.NotLeading(Identity);
        }
    }

    private async Task WorkAsync(CancellationToken leadership)
    {
        while (true)
        {
            var (key, attempt) = await queue.TakeAsync(leadership);
            TimeSpan? retryAfter = null;
            try
            {
                if (await ReconcileAsync(key.Namespace, key.Name, leadership) == ReconcileResult.DeploymentMissing)
                {
                    // An admitted Deployment is readable only once stored: look again after a backoff, then give up.
                    if (attempt + 1 < options.DeploymentWait.MaxAttempts)
                    {
                        retryAfter = options.DeploymentWait.DelayAfter(attempt);
                    }
                    else
                    {
                        Metrics.Dropped("not_found");
                        logger.DeploymentMissing(key.Namespace, key.Name);
                    }
                }
            }
            finally
            {
                queue.Done(key, retryAfter);
            }
        }
    }

    private async Task ResyncLoopAsync(CancellationToken leadership)
    {
        await Task.Delay(options.InitialResyncDelay, leadership);
        while (true)
        {
            try
            {
                var count = await ResyncAsync(leadership);
                logger.Resynced(count);
            }
#pragma warning disable CA1031 // A failed resync is logged and the next one runs on schedule.
            catch (Exception exception) when (exception is not OperationCanceledException || !leadership.IsCancellationRequested)
#pragma warning restore CA1031
            {
                logger.ResyncFailed(exception.Message);
            }

            await Task.Delay(NextResyncDelay(), leadership);
        }
    }

    private TimeSpan NextResyncDelay()
    {
        var spread = options.ResyncJitter * ((2 * Random.Shared.NextDouble()) - 1);
        return options.ResyncInterval * (1 + spread);
    }

    private async Task<ReconcileResult> ReconcileOnceAsync(DeploymentKey key, CancellationToken cancellationToken)
    {
        if (excluded.Contains(key.Namespace))
        {
            return ReconcileResult.NotOptedIn;
        }

        using var deployment = await client.GetDeploymentAsync(key.Namespace, key.Name, cancellationToken);
        if (deployment is null)
        {
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
        var uid = Json.Text(root, "metadata", "uid");
        var build = CanaryBuilder.Build(root, current, await FindAutoscalerAsync(key, cancellationToken));
        if (!build.Succeeded)
        {
            logger.NotGenerated(key.Namespace, key.Name, build.Problem!);
            await events.WarnAsync(key, uid, "CanaryNotGenerated", $"canaryguard generated no Canary: {build.Problem}", cancellationToken);
            return ReconcileResult.Invalid;
        }

        var body = Encoding.UTF8.GetBytes(build.Canary!.ToJsonString());
        using (var canary = JsonDocument.Parse(body))
        {
            var errors = check.Errors(canary.RootElement, root, current);
            if (errors.Count > 0)
            {
                var findings = string.Join("; ", errors.Select(e => $"{e.Id} {e.Path}: {e.Message}"));
                logger.Refused(key.Namespace, key.Name, findings);
                await events.WarnAsync(key, uid, "CanaryRefused", $"canaryguard did not apply the generated Canary, it fails the rules: {findings}", cancellationToken);
                return ReconcileResult.Refused;
            }
        }

        if (existing is null && await ServiceConflictAsync(key, root, cancellationToken) is { } conflict)
        {
            logger.ServiceConflict(key.Namespace, key.Name, conflict);
            await events.WarnAsync(key, uid, "CanaryServiceConflict", $"canaryguard generated no Canary: {conflict}", cancellationToken);
            return ReconcileResult.ServiceConflict;
        }

        if (existing is not null)
        {
            if (Json.Text(existing.RootElement, "metadata", "annotations", CanaryAnnotations.GeneratedHash) == build.Hash)
            {
                return ReconcileResult.Unchanged;
            }

            if (long.TryParse(Json.Text(existing.RootElement, "metadata", "annotations", CanaryAnnotations.PolicyGeneration), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var applied) && applied > current.CanaryTemplate.Generation)
            {
                logger.StalePolicy(key.Namespace, key.Name, applied, current.CanaryTemplate.Generation);
                return ReconcileResult.StalePolicy;
            }
        }

        using var result = await client.ApplyCanaryAsync(key.Namespace, key.Name, body, force: existing is not null, cancellationToken);
        logger.Applied(key.Namespace, key.Name, build.Hash!);
        return ReconcileResult.Applied;
    }

    /// <summary>
    /// Flagger rewrites the selector and ports of the Services NAME, NAME-primary and NAME-canary, owned or not. One
    /// that Flagger does not manage for this target and that routes to other pods would be taken from them: say which.
    /// </summary>
    private async Task<string?> ServiceConflictAsync(DeploymentKey key, JsonElement deployment, CancellationToken cancellationToken)
    {
        var podLabels = deployment.TryGetProperty("spec", out var spec) && spec.TryGetProperty("template", out var template)
            && template.TryGetProperty("metadata", out var podMetadata) && podMetadata.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? labels
            : default;
        foreach (var name in new[] { key.Name, $"{key.Name}-primary", $"{key.Name}-canary" })
        {
            using var service = await client.GetServiceAsync(key.Namespace, name, cancellationToken);
            if (service is null || IsFlaggerServiceFor(service.RootElement, key.Name) || SelectsPods(service.RootElement, podLabels))
            {
                continue;
            }

            return $"Service {key.Namespace}/{name} exists, is not managed by Flagger for this Deployment and selects other pods; Flagger would rewrite its selector and take its traffic";
        }

        return null;
    }

    private static bool IsFlaggerServiceFor(JsonElement service, string target) =>
        service.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("ownerReferences", out var owners) && owners.ValueKind == JsonValueKind.Array
        && owners.EnumerateArray().Any(o => Json.Text(o, "kind") == "Canary" && Json.Text(o, "name") == target && Json.Text(o, "apiVersion")?.StartsWith("flagger.app/", StringComparison.Ordinal) == true);

    /// <summary>A non-empty selector all of whose labels the pod template carries.</summary>
    private static bool SelectsPods(JsonElement service, JsonElement podLabels) =>
        service.TryGetProperty("spec", out var spec) && spec.TryGetProperty("selector", out var selector) && selector.ValueKind == JsonValueKind.Object
        && selector.EnumerateObject().Any()
        && selector.EnumerateObject().All(s => s.Value.ValueKind == JsonValueKind.String && Json.Text(podLabels, s.Name) == s.Value.GetString());

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

    public override void Dispose()
    {
        base.Dispose();
        queue.Dispose();
    }

    private static IEnumerable<JsonElement> Items(JsonElement list) =>
        list.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    private static bool IsBeingDeleted(JsonElement deployment) => Json.Text(deployment, "metadata", "deletionTimestamp") is not null;
}
