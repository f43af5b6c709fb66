using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Cluster;

/// <summary>
/// Fetches the cluster context /validate needs for one object, in parallel, within a total budget (default 1.5 s):
/// exactly the kinds the rules reviewing it declare (<see cref="AnalysisRule.Inputs"/>). Each kind is listed in the
/// object's namespace, except the object's own Namespace (got by name), and a Canary's target (got by name) and the
/// MetricTemplates it names in other namespaces (got by name, at most <see cref="MaxReferencedObjects"/>).
/// Nothing is cached: a "not found" answered from a cache denied the second app of a GitOps apply whose objects
/// were created a moment after the first app's look-up. A failed, late or refused look-up never throws: it is
/// listed in <see cref="ClusterLookup.Unavailable"/>, and an absence of that kind proves nothing.
/// </summary>
public sealed class ClusterContext(ClusterClient client, TimeSpan? budget = null, int maxReferencedObjects = ClusterContext.MaxReferencedObjects)
{
    /// <summary>The objects in other namespaces one review fetches by name at most; the rest stay unchecked.</summary>
    public const int MaxReferencedObjects = 10;

    /// <summary>How long the look-ups of one review may take together, unless the constructor says otherwise.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(1.5);

    private readonly TimeSpan budget = budget ?? DefaultBudget;

    /// <summary>How long the look-ups of one review may take together; the live metric check gets what they leave.</summary>
    public TimeSpan Budget => budget;

    /// <summary>
    /// Kinds rules read that the webhook deliberately does not fetch, with why. Rules that look them up find
    /// nothing, which for these (generated-name collisions) means no finding.
    /// </summary>
    public static IReadOnlyDictionary<ResourceKind, string> NotFetched { get; } = new Dictionary<ResourceKind, string>
    {
        [ReadKinds.ConfigMap] = "a collision with a generated '-primary' copy is the linter's to find: reading ConfigMaps cluster-wide is a grant a guard rail does not need",
        [ReadKinds.Secret] = "a collision with a generated '-primary' copy is the linter's to find: a webhook must never be able to read Secrets",
    };

    /// <summary>
    /// The look-up for rules reviewing <paramref name="reviewed"/>, which read <paramref name="inputs"/>;
    /// <paramref name="overlay"/> is the admission's own workspace, which wins over stored copies (the stored object
    /// is the old version on UPDATE). Fetches still running when the budget ends are cancelled.
    /// </summary>
    public async Task<ClusterLookup> LoadAsync(KubernetesResource reviewed, IReadOnlyList<ResourceKind> inputs, IResourceLookup? overlay, CancellationToken cancellationToken)
    {
        var ns = reviewed.DeclaredNamespace;
        if (ns is null || inputs.Count == 0)
        {
            return new ClusterLookup([], [], [], overlay);
        }

        var (fetches, notChecked) = Plan(reviewed, ns, inputs);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        var results = await Task.WhenAll(fetches.Select(f => FetchAsync(f, deadline.Token)));
        cancellationToken.ThrowIfCancellationRequested();
        var resources = results.SelectMany(r => r.Resources).ToList();
        var fetched = results.Where(r => r.Problem is null).Select(r => r.Fetch).ToList();
        var unavailable = results.Where(r => r.Problem is not null).Select(r => r.Problem!).ToList();
        return new ClusterLookup(resources, fetched, unavailable, overlay) { Unchecked = notChecked };
    }

    private (List<ClusterFetch> Fetches, List<string> NotChecked) Plan(KubernetesResource reviewed, string ns, IReadOnlyList<ResourceKind> inputs)
    {
        var fetches = new List<ClusterFetch>();
        var notChecked = new List<string>();
        var canary = CanaryView.From(reviewed);
        foreach (var kind in inputs)
        {
            if (KubernetesResourceType.For(kind) is not { } type)
            {
                continue;
            }

            if (type == KubernetesResourceType.Namespaces)
            {
                fetches.Add(new ClusterFetch(type, null, ns));
            }
            else if (canary is not null && (type == KubernetesResourceType.Deployments || type == KubernetesResourceType.DaemonSets))
            {
                // A Canary's rules read the workload it targets, by name, and no other.
                if (canary.TargetKind() == type.Kind && canary.TargetName() is { } target)
                {
                    fetches.Add(new ClusterFetch(type, ns, target));
                }
            }
            else
            {
                fetches.Add(new ClusterFetch(type, ns, null));
            }

            if (canary is not null && type == KubernetesResourceType.MetricTemplates)
            {
                var elsewhere = TemplatesElsewhere(canary, ns);
                fetches.AddRange(elsewhere.Take(maxReferencedObjects).Select(r => new ClusterFetch(type, r.Namespace, r.Name)));
                if (elsewhere.Count > maxReferencedObjects)
                {
                    notChecked.Add($"{elsewhere.Count - maxReferencedObjects} MetricTemplates in other namespaces ({maxReferencedObjects} per review at most)");
                }
            }
        }

        return (fetches, notChecked);
    }

    /// <summary>The MetricTemplates <paramref name="canary"/> names in namespaces other than <paramref name="ns"/>, once each.</summary>
    internal static List<(string Namespace, string Name)> TemplatesElsewhere(CanaryView canary, string ns) =>
        [.. (canary.Analysis?.Metrics ?? [])
            .Select(m => m.TemplateRef)
            .Where(r => r?.String("name") is not null && r.String("namespace") is { } other && other != ns)
            .Select(r => (Namespace: r!.String("namespace")!, Name: r.String("name")!))
            .Distinct()];

    private async Task<(ClusterFetch Fetch, IReadOnlyList<KubernetesResource> Resources, string? Problem)> FetchAsync(ClusterFetch fetch, CancellationToken cancellationToken)
    {
        try
        {
            return (fetch, await LoadAsync(fetch, cancellationToken), null);
        }
#pragma warning disable CA1031 // Whatever fails (API, network, an unreadable token file), the review goes on without this context.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return (fetch, [], $"{fetch}: {Describe(exception)}");
        }
    }

    /// <summary>Why a read failed, in a few words: <c>timed out</c>, <c>403 Forbidden</c>, or the error's message.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        OperationCanceledException or TimeoutException => "timed out",
        KubernetesApiException api => $"{api.Code} {api.Reason}",
        _ => exception.Message,
    };

    private async Task<IReadOnlyList<KubernetesResource>> LoadAsync(ClusterFetch fetch, CancellationToken cancellationToken) =>
        [.. (await client.ReadAsync(fetch, cancellationToken)).Select(i => ClusterLookup.ToResource(i, fetch.Type))];
}

/// <summary>One read of the cluster: a collection in a namespace, or one object by name.</summary>
public sealed record ClusterFetch(KubernetesResourceType Type, string? Namespace, string? Name)
{
    /// <summary>Whether this read, having succeeded, would have returned the object.</summary>
    public bool Covers(ObjectReference reference) =>
        Type.Group == reference.Group && Type.Kind == reference.Kind
        && (!Type.Namespaced || Namespace == reference.Namespace)
        && (Name is null || Name == reference.Name);

    public override string ToString() =>
        Name is null ? $"{Type.Plural} in {Namespace}" : Namespace is null || !Type.Namespaced ? $"{Type.Plural}/{Name}" : $"{Type.Plural} {Namespace}/{Name}";
}
