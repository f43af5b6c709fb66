using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Webhook.Canaries;

namespace CanaryGuard.Webhook.Leadership;

/// <summary>Timing of leader election, as client-go's defaults (15 s lease, renewed every 2 s, given up after 10 s).</summary>
public sealed record LeaseElectorOptions
{
    /// <summary>The Lease object: <c>coordination.k8s.io/v1</c>, in the webhook's own namespace.</summary>
    public string LeaseName { get; init; } = "canaryguard-canary-generation";

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A leader that could not renew for this long stops leading, before any other replica may take over.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease through <see cref="ClusterClient"/> (the official
/// client's transport and credentials). The full KubernetesClient package has a LeaderElector, but its NativeAOT
/// build (KubernetesClient.Aot, which the webhook ships) leaves it out, as it leaves out watches.
/// <para>
/// Every change of the Lease is a compare-and-swap (<c>PUT</c> with the read <c>resourceVersion</c>, or a create
/// that fails when another replica created it first), so two replicas can never both succeed. As client-go does,
/// expiry is judged by this replica's clock from when it last saw the record change, never by the holder's
/// timestamps, so clock skew between nodes does not matter.
/// </para>
/// </summary>
public sealed class LeaseElector(ClusterClient client, string @namespace, string identity, ILogger logger, LeaseElectorOptions? options = null, TimeProvider? time = null)
{
    private readonly LeaseElectorOptions options = options ?? new LeaseElectorOptions();
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private string? observedVersion;
    private DateTimeOffset observedAt;
    private string? lastError;

    public string Identity { get; } = identity;

    /// <summary>
    /// Campaigns until <paramref name="stoppingToken"/>; whenever this replica holds the Lease it runs
    /// <paramref name="lead"/> with a token that is cancelled the moment the Lease is lost (a renewal failed past the
    /// renew deadline, or another holder was found), then campaigns again. On stop the Lease is released so another
    /// replica takes over at once.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(stoppingToken) != true)
            {
                await Task.Delay(options.RetryPeriod, time, stoppingToken);
                continue;
            }

            using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var work = RunLeadingAsync(lead, leadership.Token);
            try
            {
                await RenewWhileLeadingAsync(leadership.Token);
            }
            finally
            {
                await leadership.CancelAsync();
                await work;
            }
        }
    }

    private static async Task RunLeadingAsync(Func<CancellationToken, Task> lead, CancellationToken leadership)
    {
        try
        {
            await lead(leadership);
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
            // Leadership ended: the work stops with it.
        }
    }

    /// <summary>Renews every retry period; returns when the Lease has another holder or no renewal succeeded within the deadline.</summary>
    private async Task RenewWhileLeadingAsync(CancellationToken leadership)
    {
        var lastRenewal = time.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(options.RetryPeriod, time, leadership);

                // A renewal that hangs must not outlive the deadline: by then another replica may take the Lease.
                var left = options.RenewDeadline - (time.GetUtcNow() - lastRenewal);
                if (left <= TimeSpan.Zero)
                {
                    return;
                }

                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(leadership);
                attempt.CancelAfter(left);
                bool? renewed;
                try
                {
                    renewed = await TryAcquireOrRenewAsync(attempt.Token);
                }
                catch (OperationCanceledException) when (!leadership.IsCancellationRequested)
                {
                    renewed = null;
                }

                if (renewed == true)
                {
                    lastRenewal = time.GetUtcNow();
                }
                else if (renewed == false || time.GetUtcNow() - lastRenewal >= options.RenewDeadline)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
            await ReleaseAsync();
        }
    }

    /// <summary>
    /// One compare-and-swap round: true when this replica holds the Lease afterwards, false when another does, null
    /// when the API could not be reached (a leader keeps leading until the renew deadline).
    /// </summary>
    private async Task<bool?> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var current = await client.GetAsync(KubernetesResourceType.Leases, @namespace, options.LeaseName, cancellationToken);
            var now = time.GetUtcNow();
            if (current is null)
            {
                using var created = await client.CreateAsync(KubernetesResourceType.Leases, @namespace, Lease(null, now, now, transitions: 0), cancellationToken);
                Observe(created.RootElement, now);
                return true;
            }

            var root = current.RootElement;
            var version = Json.Text(root, "metadata", "resourceVersion");
            if (version != observedVersion)
            {
                Observe(root, now);
            }

            var holder = Json.Text(root, "spec", "holderIdentity");
            var duration = root.TryGetProperty("spec", out var spec) && spec.TryGetProperty("leaseDurationSeconds", out var seconds) && seconds.TryGetInt32(out var s)
                ? TimeSpan.FromSeconds(s)
                : options.LeaseDuration;
            var ours = holder == Identity;
            if (!ours && !string.IsNullOrEmpty(holder) && now - observedAt < duration)
            {
                return false;
            }

            var transitions = Transitions(root);
            var acquired = ours ? Json.Text(root, "spec", "acquireTime") : null;
            using var replaced = await client.ReplaceAsync(
                KubernetesResourceType.Leases,
                @namespace,
                options.LeaseName,
                Lease(version, acquired is null ? now : DateTimeOffset.Parse(acquired, CultureInfo.InvariantCulture), now, ours ? transitions : transitions + 1),
                cancellationToken);
            Observe(replaced.RootElement, now);
            return true;
        }
        catch (KubernetesApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Another replica changed the Lease between our read and write: it won this round.
            return false;
        }
        catch (Exception exception) when ((RetryPolicy.IsRetriable(exception) || exception is KubernetesApiException) && !cancellationToken.IsCancellationRequested)
        {
            // Unreachable, or forbidden (RBAC for the Lease missing): said once per distinct error, then tried again.
            if (exception.Message != lastError)
            {
                lastError = exception.Message;
                logger.LeaseFailed(options.LeaseName, @namespace, exception.Message);
            }

            return null;
        }
    }

    /// <summary>Hands the Lease back (no holder, 1 s duration) so the next replica need not wait for it to expire.</summary>
    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.RetryPeriod);
            using var current = await client.GetAsync(KubernetesResourceType.Leases, @namespace, options.LeaseName, timeout.Token);
            if (current is null || Json.Text(current.RootElement, "spec", "holderIdentity") != Identity)
            {
                return;
            }

            var now = time.GetUtcNow();
            var lease = JsonNode.Parse(Lease(Json.Text(current.RootElement, "metadata", "resourceVersion"), now, now, Transitions(current.RootElement)))!;
            lease["spec"]!["holderIdentity"] = string.Empty;
            lease["spec"]!["leaseDurationSeconds"] = 1;
            using var released = await client.ReplaceAsync(KubernetesResourceType.Leases, @namespace, options.LeaseName, Encoding.UTF8.GetBytes(lease.ToJsonString()), timeout.Token);
        }
#pragma warning disable CA1031 // Releasing is a courtesy on the way out; the Lease expires anyway.
        catch (Exception exception) when (exception is KubernetesApiException or TimeoutException or HttpRequestException or OperationCanceledException)
#pragma warning restore CA1031
        {
        }
    }

    private static int Transitions(JsonElement lease) =>
        lease.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
        && spec.TryGetProperty("leaseTransitions", out var transitions) && transitions.TryGetInt32(out var count) ? count : 0;

    private void Observe(JsonElement lease, DateTimeOffset now)
    {
        observedVersion = Json.Text(lease, "metadata", "resourceVersion");
        observedAt = now;
    }

    private byte[] Lease(string? resourceVersion, DateTimeOffset acquired, DateTimeOffset renewed, int transitions)
    {
        var metadata = new JsonObject { ["name"] = options.LeaseName, ["namespace"] = @namespace };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        var lease = new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = Identity,
                ["leaseDurationSeconds"] = (int)options.LeaseDuration.TotalSeconds,
                ["acquireTime"] = MicroTime(acquired),
                ["renewTime"] = MicroTime(renewed),
                ["leaseTransitions"] = transitions,
            },
        };
        return Encoding.UTF8.GetBytes(lease.ToJsonString());
    }

    /// <summary>meta/v1 MicroTime: RFC 3339 with microseconds.</summary>
    private static string MicroTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
