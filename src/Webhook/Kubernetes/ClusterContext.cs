using System.Collections.Concurrent;
using System.Text.Json;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Webhook.Kubernetes;

/// <summary>
/// Fetches the cluster context /validate needs for one object, in parallel, within a total budget (default 1.5 s),
/// through a short-TTL cache (default 5 s) shared by all requests. For a Canary: its target Deployment, the
/// Services, HPAs, MetricTemplates and Canaries of its namespace, MetricTemplates it names in other namespaces,
/// and the namespace itself (labels). For a Deployment: its namespace and the Canaries, Services and HPAs there.
/// A failed or late look-up never throws: it is listed in <see cref="ClusterLookup.Unavailable"/>.
/// </summary>
public sealed class ClusterContext(KubernetesClient client, TimeSpan? budget = null, TimeSpan? cacheTtl = null, TimeProvider? time = null)
{
    private readonly TimeSpan budget = budget ?? TimeSpan.FromSeconds(1.5);
    private readonly TimeSpan cacheTtl = cacheTtl ?? TimeSpan.FromSeconds(5);
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, Task<IReadOnlyList<JsonElement>> Items)> cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The look-up for rules reviewing <paramref name="reviewed"/>; <paramref name="overlay"/> is the admission's
    /// own workspace, which wins over stored copies (the stored object is the old version on UPDATE).
    /// </summary>
    public async Task<ClusterLookup> LoadAsync(KubernetesResource reviewed, IResourceLookup? overlay, CancellationToken cancellationToken)
    {
        var ns = reviewed.DeclaredNamespace;
        if (ns is null)
        {
            return new ClusterLookup([], [], overlay);
        }

        var fetches = Plan(reviewed, ns).ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        var results = await Task.WhenAll(fetches.Select(f => FetchAsync(f, deadline.Token)));
        cancellationToken.ThrowIfCancellationRequested();
        var resources = results.SelectMany(r => r.Resources).ToList();
        var unavailable = results.Where(r => r.Problem is not null).Select(r => r.Problem!).ToList();
        return new ClusterLookup(resources, unavailable, overlay);
    }

    private static IEnumerable<Fetch> Plan(KubernetesResource reviewed, string ns)
    {
        yield return new Fetch(KubernetesResourceType.Namespaces, null, ns);
        yield return new Fetch(KubernetesResourceType.Services, ns, null);
        yield return new Fetch(KubernetesResourceType.HorizontalPodAutoscalers, ns, null);
        yield return new Fetch(KubernetesResourceType.Canaries, ns, null);
        if (!reviewed.Is("flagger.app", "Canary"))
        {
            yield break;
        }

        yield return new Fetch(KubernetesResourceType.MetricTemplates, ns, null);
        if (reviewed.Root.At("spec", "targetRef") is MappingNode target && target.String("kind") == "Deployment" && target.String("name") is { } deployment)
        {
            yield return new Fetch(KubernetesResourceType.Deployments, ns, deployment);
        }

        var metrics = reviewed.Root.At("spec", "analysis", "metrics") as SequenceNode;
        var elsewhere = (metrics?.Items ?? []).OfType<MappingNode>()
            .Select(m => m.Mapping("templateRef"))
            .Where(r => r?.String("name") is not null && r.String("namespace") is { } other && other != ns)
            .Select(r => (Namespace: r!.String("namespace")!, Name: r.String("name")!))
            .Distinct();
        foreach (var (otherNamespace, name) in elsewhere)
        {
            yield return new Fetch(KubernetesResourceType.MetricTemplates, otherNamespace, name);
        }
    }

    private async Task<(IReadOnlyList<KubernetesResource> Resources, string? Problem)> FetchAsync(Fetch fetch, CancellationToken cancellationToken)
    {
        try
        {
            var items = await Cached(fetch).WaitAsync(cancellationToken);
            return ([.. items.Select(i => ClusterLookup.ToResource(i, fetch.Type))], null);
        }
#pragma warning disable CA1031 // Whatever fails (API, network, an unreadable token file), the review goes on without this context.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var reason = exception switch
            {
                OperationCanceledException or TimeoutException => "timed out",
                KubernetesApiException api => $"{api.Code} {api.Reason}",
                _ => exception.Message,
            };
            return ([], $"{fetch}: {reason}");
        }
    }

    /// <summary>The cached answer while fresh; failures are not cached. The fetch itself is not tied to one request's budget.</summary>
    private Task<IReadOnlyList<JsonElement>> Cached(Fetch fetch)
    {
        var key = fetch.ToString();
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var entry) && entry.Expires > now && !entry.Items.IsFaulted && !entry.Items.IsCanceled)
        {
            return entry.Items;
        }

        var items = LoadAsync(fetch);
        cache[key] = (now + cacheTtl, items);
        return items;
    }

    private async Task<IReadOnlyList<JsonElement>> LoadAsync(Fetch fetch)
    {
        // Bounded by the client's own request timeout; a request that outlives this review's budget still fills the cache.
        if (fetch.Name is null)
        {
            return await client.ListAsync(fetch.Type, fetch.Namespace, labelSelector: null, CancellationToken.None);
        }

        using var found = await client.GetAsync(fetch.Type, fetch.Namespace, fetch.Name, CancellationToken.None);
        return found is null ? [] : [found.RootElement.Clone()];
    }

    private sealed record Fetch(KubernetesResourceType Type, string? Namespace, string? Name)
    {
        public override string ToString() =>
            Name is null ? $"{Type.Plural} in {Namespace}" : Namespace is null || !Type.Namespaced ? $"{Type.Plural}/{Name}" : $"{Type.Plural} {Namespace}/{Name}";
    }
}
