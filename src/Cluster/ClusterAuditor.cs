using System.Text.Json;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Cluster;

/// <summary>One namespace's audit: what the engine found, and what could not be read (so proves nothing).</summary>
public sealed record NamespaceAudit(string Namespace, AnalysisResult Result, IReadOnlyList<string> Unavailable)
{
    /// <summary>True when no read of the namespace succeeded: its result is not a result.</summary>
    public bool NothingRead { get; init; }

    /// <summary>True when the API server said the namespace does not exist (a misspelt <c>-n</c>).</summary>
    public bool NotFound { get; init; }
}

/// <summary>
/// Audits what is running: one namespace at a time, it lists every kind the rules review or read
/// (<see cref="KubernetesResourceType.All"/> that the engine's rules declare as <see cref="AnalysisRule.Inputs"/>, plus
/// Canaries), page by page, one request after the other, and runs exactly the lint engine over those objects with the
/// namespace as the look-up. As at admission, a kind whose list failed (403, a timeout) is listed in
/// <see cref="NamespaceAudit.Unavailable"/>, and an absence of that kind is never proof: such findings stay unproven.
/// Memory holds one namespace's objects at a time.
/// </summary>
public sealed class ClusterAuditor(ClusterClient client, AnalysisEngine engine)
{
    /// <summary>The MetricTemplates in other namespaces one namespace's Canaries may name that are got by name; the rest stay unchecked.</summary>
    public const int MaxReferencedTemplates = 50;

    private readonly IReadOnlyList<KubernetesResourceType> listed =
        [.. KubernetesResourceType.All.Where(t => t != KubernetesResourceType.Namespaces
            && (t == KubernetesResourceType.Canaries || engine.Inputs.Any(k => KubernetesResourceType.For(k) == t)))];

    /// <summary>The namespaces of the cluster (all pages), by name, each with its object; a failure is the caller's.</summary>
    public async Task<IReadOnlyList<string>> NamespacesAsync(CancellationToken cancellationToken)
    {
        var items = await client.ListAsync(KubernetesResourceType.Namespaces, null, labelSelector: null, cancellationToken);
        return [.. items.Select(i => Json.Text(i, "metadata", "name")).OfType<string>().Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Reads <paramref name="namespace"/> and lints it. With <paramref name="labelSelector"/> only the objects it
    /// selects are linted (the API server evaluates it), while every object stays a look-up: a Canary selected by its
    /// label still finds its unlabelled Service.
    /// </summary>
    public async Task<NamespaceAudit> AuditAsync(string @namespace, AnalysisOptions options, string? labelSelector, CancellationToken cancellationToken)
    {
        var resources = new List<KubernetesResource>();
        var files = new List<ManifestFile>();
        var fetched = new List<ClusterFetch>();
        var unavailable = new List<string>();
        var namespaceFetch = new ClusterFetch(KubernetesResourceType.Namespaces, null, @namespace);
        var fetches = new List<ClusterFetch> { namespaceFetch };
        fetches.AddRange(listed.Select(t => new ClusterFetch(t, @namespace, null)));
        foreach (var fetch in fetches)
        {
            await ReadAsync(fetch, labelSelector, resources, files, fetched, unavailable, cancellationToken);
        }

        // A Canary may name MetricTemplates of other namespaces: got by name, as admission does.
        var elsewhere = files.SelectMany(f => KubernetesResource.FromFile(f)).Select(CanaryView.From).OfType<CanaryView>()
            .SelectMany(c => ClusterContext.TemplatesElsewhere(c, @namespace)).Distinct().ToList();
        foreach (var (otherNamespace, name) in elsewhere.Take(MaxReferencedTemplates))
        {
            await ReadAsync(new ClusterFetch(KubernetesResourceType.MetricTemplates, otherNamespace, name), labelSelector: null, resources, files: null, fetched, unavailable, cancellationToken);
        }

        var lookup = new ClusterLookup(resources, fetched, unavailable, overlay: null)
        {
            Unchecked = elsewhere.Count > MaxReferencedTemplates ? [$"{elsewhere.Count - MaxReferencedTemplates} MetricTemplates in other namespaces ({MaxReferencedTemplates} per namespace at most)"] : [],
        };
        var result = engine.Analyze(files, options with { Lookup = lookup });
        return new NamespaceAudit(@namespace, result, [.. unavailable, .. lookup.Unchecked])
        {
            NothingRead = fetched.Count == 0,
            NotFound = fetched.Contains(namespaceFetch) && !resources.Any(r => r.Kind == KubernetesResourceType.Namespaces.Kind),
        };
    }

    /// <summary>
    /// One read: its objects become look-ups, and (unless <paramref name="files"/> is null) files to lint; with a
    /// selector only the selected ones are linted. A kind the API server does not serve (KEDA not installed) is read
    /// as empty, as admission reads it; any other failure makes the read unavailable.
    /// </summary>
    private async Task ReadAsync(ClusterFetch fetch, string? labelSelector, List<KubernetesResource> resources, List<ManifestFile>? files, List<ClusterFetch> fetched, List<string> unavailable, CancellationToken cancellationToken)
    {
        try
        {
            var items = await client.ReadAsync(fetch, cancellationToken);
            var selected = files is null || labelSelector is null || items.Count == 0 ? null : await SelectedNamesAsync(fetch, labelSelector, cancellationToken);
            foreach (var item in items)
            {
                var file = ApiObject.ToManifestFile(item, fetch.Type);
                resources.AddRange(KubernetesResource.FromFile(file));
                if (files is not null && (selected is null || selected.Contains(Json.Text(item, "metadata", "name") ?? string.Empty)))
                {
                    files.Add(file);
                }
            }

            fetched.Add(fetch);
        }
        catch (Exception exception) when (exception is KubernetesApiException or TimeoutException or HttpRequestException or JsonException or UnsafeJsonInputException or InvalidDataException or k8s.Exceptions.KubeConfigException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            unavailable.Add($"{fetch}: {ClusterContext.Describe(exception)}");
        }
    }

    /// <summary>The names the selector selects in this read's collection (a Namespace is selected by its own labels).</summary>
    private async Task<HashSet<string>> SelectedNamesAsync(ClusterFetch fetch, string labelSelector, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var page in client.ListPagesAsync(fetch.Type, fetch.Type.Namespaced ? fetch.Namespace : null, labelSelector, ClusterClient.PageSize, metadataOnly: true, names.Clear, cancellationToken))
        {
            using (page)
            {
                if (page.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    names.UnionWith(items.EnumerateArray().Select(i => Json.Text(i, "metadata", "name")).OfType<string>());
                }
            }
        }

        return names;
    }
}
