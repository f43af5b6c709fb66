using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CanaryGuard.Webhook.Kubernetes;

/// <summary>
/// The few API calls CanaryGuard makes, over one HttpClient: gets and lists return the API server's JSON as
/// <see cref="JsonDocument"/>/<see cref="JsonElement"/> (rules read them through JsonManifestReader), a Canary is
/// written by server-side apply. Every error answer becomes a <see cref="KubernetesApiException"/>; a request
/// longer than <see cref="KubernetesClientConfig.RequestTimeout"/> becomes a <see cref="TimeoutException"/>.
/// Nothing is retried here: retries are the caller's (<see cref="RetryPolicy"/>), which honours Retry-After.
/// </summary>
public sealed class KubernetesClient : IDisposable
{
    /// <summary>The field manager of everything CanaryGuard applies; ownership checks look for it in managedFields.</summary>
    public const string FieldManager = "canaryguard";

    private const int PageSize = 500;
    private static readonly MediaTypeHeaderValue ApplyPatch = new("application/apply-patch+yaml");
    private static readonly MediaTypeHeaderValue JsonContent = new("application/json");

    /// <summary>Lists answered as PartialObjectMetadataList: each item is its metadata only, a few hundred bytes.</summary>
    private const string MetadataOnly = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    private readonly HttpClient http;
    private readonly KubernetesClientConfig config;
    private readonly SemaphoreSlim inFlight;

    public KubernetesClient(KubernetesClientConfig config)
        : this(config, CreateHandler(config))
    {
    }

    /// <summary>With a handler of the caller's (tests, or a shared one); the client disposes it.</summary>
    public KubernetesClient(KubernetesClientConfig config, HttpMessageHandler handler)
    {
        this.config = config;
        inFlight = new SemaphoreSlim(config.MaxConcurrentRequests, config.MaxConcurrentRequests);
        http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = config.Server,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("canaryguard", typeof(KubernetesClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    /// <summary>The namespace of the pod (in cluster) or of the kubeconfig context: where the webhook's own objects are.</summary>
    public string? Namespace => config.Namespace;

    public Task<JsonDocument?> GetDeploymentAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        GetAsync(KubernetesResourceType.Deployments, @namespace, name, cancellationToken);

    public Task<IReadOnlyList<JsonElement>> ListDeploymentsAsync(string? @namespace, CancellationToken cancellationToken, string? labelSelector = null) =>
        ListAsync(KubernetesResourceType.Deployments, @namespace, labelSelector, cancellationToken);

    public Task<JsonDocument?> GetServiceAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        GetAsync(KubernetesResourceType.Services, @namespace, name, cancellationToken);

    public Task<IReadOnlyList<JsonElement>> ListServicesAsync(string? @namespace, CancellationToken cancellationToken, string? labelSelector = null) =>
        ListAsync(KubernetesResourceType.Services, @namespace, labelSelector, cancellationToken);

    public Task<JsonDocument?> GetHorizontalPodAutoscalerAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        GetAsync(KubernetesResourceType.HorizontalPodAutoscalers, @namespace, name, cancellationToken);

    public Task<IReadOnlyList<JsonElement>> ListHorizontalPodAutoscalersAsync(string? @namespace, CancellationToken cancellationToken, string? labelSelector = null) =>
        ListAsync(KubernetesResourceType.HorizontalPodAutoscalers, @namespace, labelSelector, cancellationToken);

    public Task<JsonDocument?> GetNamespaceAsync(string name, CancellationToken cancellationToken) =>
        GetAsync(KubernetesResourceType.Namespaces, null, name, cancellationToken);

    public Task<IReadOnlyList<JsonElement>> ListNamespacesAsync(CancellationToken cancellationToken, string? labelSelector = null) =>
        ListAsync(KubernetesResourceType.Namespaces, null, labelSelector, cancellationToken);

    public Task<JsonDocument?> GetMetricTemplateAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        GetAsync(KubernetesResourceType.MetricTemplates, @namespace, name, cancellationToken);

    public Task<IReadOnlyList<JsonElement>> ListMetricTemplatesAsync(string? @namespace, CancellationToken cancellationToken, string? labelSelector = null) =>
        ListAsync(KubernetesResourceType.MetricTemplates, @namespace, labelSelector, cancellationToken);

    public Task<JsonDocument?> GetCanaryAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        GetAsync(KubernetesResourceType.Canaries, @namespace, name, cancellationToken);

    public Task<IReadOnlyList<JsonElement>> ListCanariesAsync(string? @namespace, CancellationToken cancellationToken, string? labelSelector = null) =>
        ListAsync(KubernetesResourceType.Canaries, @namespace, labelSelector, cancellationToken);

    /// <summary>Server-side applies a whole Canary (JSON is YAML) as field manager <c>canaryguard</c>.</summary>
    public Task<JsonDocument> ApplyCanaryAsync(string @namespace, string name, ReadOnlyMemory<byte> canaryJson, bool force, CancellationToken cancellationToken) =>
        ApplyAsync(KubernetesResourceType.Canaries, @namespace, name, canaryJson, force, cancellationToken);

    /// <summary>
    /// The collection as metadata only, one page (<paramref name="pageSize"/> items, <c>limit</c>/<c>continue</c>) at a
    /// time: the caller disposes each page before the next is read, so memory holds one page whatever the cluster's size.
    /// </summary>
    public async IAsyncEnumerable<JsonDocument> ListMetadataPagesAsync(
        KubernetesResourceType type,
        string? @namespace,
        string? labelSelector,
        int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continueToken = null;
        do
        {
            var query = new StringBuilder("?limit=").Append(pageSize);
            if (labelSelector is not null)
            {
                query.Append("&labelSelector=").Append(Uri.EscapeDataString(labelSelector));
            }

            if (continueToken is not null)
            {
                query.Append("&continue=").Append(Uri.EscapeDataString(continueToken));
            }

            var page = await SendAsync(HttpMethod.Get, type.CollectionPath(@namespace) + query, content: null, cancellationToken, MetadataOnly);
            continueToken = page.RootElement.TryGetProperty("metadata", out var metadata)
                && metadata.TryGetProperty("continue", out var next) && next.ValueKind == JsonValueKind.String && next.GetString() is { Length: > 0 } token ? token : null;
            yield return page;
        }
        while (continueToken is not null);
    }

    /// <summary><c>POST</c> of a new object; a 409 AlreadyExists is the caller's to interpret.</summary>
    public Task<JsonDocument> CreateAsync(KubernetesResourceType type, string @namespace, ReadOnlyMemory<byte> json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, type.CollectionPath(@namespace), Json(json), cancellationToken);

    /// <summary>
    /// <c>PUT</c> of a whole object; the API server answers 409 Conflict when its <c>metadata.resourceVersion</c> is
    /// not the stored one, which makes this a compare-and-swap (leader election relies on it).
    /// </summary>
    public Task<JsonDocument> ReplaceAsync(KubernetesResourceType type, string @namespace, string name, ReadOnlyMemory<byte> json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, type.ItemPath(@namespace, name), Json(json), cancellationToken);

    /// <summary>The object, or null when the API server answers 404.</summary>
    public async Task<JsonDocument?> GetAsync(KubernetesResourceType type, string? @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, type.ItemPath(@namespace, name), content: null, cancellationToken);
        }
        catch (KubernetesApiException exception) when (exception.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Every item of a collection (all pages, 500 per request), each independent of the response it came in.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(KubernetesResourceType type, string? @namespace, string? labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? continueToken = null;
        do
        {
            var query = new StringBuilder("?limit=").Append(PageSize);
            if (labelSelector is not null)
            {
                query.Append("&labelSelector=").Append(Uri.EscapeDataString(labelSelector));
            }

            if (continueToken is not null)
            {
                query.Append("&continue=").Append(Uri.EscapeDataString(continueToken));
            }

            using var page = await SendAsync(HttpMethod.Get, type.CollectionPath(@namespace) + query, content: null, cancellationToken);
            if (page.RootElement.TryGetProperty("items", out var pageItems) && pageItems.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(pageItems.EnumerateArray().Select(i => i.Clone()));
            }

            continueToken = page.RootElement.TryGetProperty("metadata", out var metadata)
                && metadata.TryGetProperty("continue", out var next) && next.GetString() is { Length: > 0 } token ? token : null;
        }
        while (continueToken is not null);

        return items;
    }

    /// <summary>
    /// <c>PATCH …?fieldManager=canaryguard&amp;force=…</c> with <c>application/apply-patch+yaml</c>: the API server
    /// creates the object or merges the fields this manager owns. With <paramref name="force"/> false a field
    /// another manager set to a different value makes it answer 409 Conflict instead of taking the field over.
    /// </summary>
    public async Task<JsonDocument> ApplyAsync(KubernetesResourceType type, string @namespace, string name, ReadOnlyMemory<byte> json, bool force, CancellationToken cancellationToken)
    {
        var path = $"{type.ItemPath(@namespace, name)}?fieldManager={FieldManager}&force={(force ? "true" : "false")}";
        var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = ApplyPatch;
        return await SendAsync(HttpMethod.Patch, path, content, cancellationToken);
    }

    public void Dispose()
    {
        http.Dispose();
        inFlight.Dispose();
    }

    private static ReadOnlyMemoryContent Json(ReadOnlyMemory<byte> json)
    {
        var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = JsonContent;
        return content;
    }

    private async Task<JsonDocument> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery) { Content = content };
        if (accept is not null)
        {
            // Verbatim: the media type parameters are the API server's protocol, not something to reformat.
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (config.Token?.Current() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(config.RequestTimeout);
        var entered = false;
        try
        {
            // Waiting for a turn counts against the request's timeout: a queue longer than that is an overload.
            await inFlight.WaitAsync(timeout.Token);
            entered = true;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(method, pathAndQuery, response, timeout.Token);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {PathOnly(pathAndQuery)} took longer than {config.RequestTimeout.TotalSeconds:0.###}s");
        }
        finally
        {
            if (entered)
            {
                inFlight.Release();
            }
        }
    }

    private static async Task<KubernetesApiException> ErrorAsync(HttpMethod method, string pathAndQuery, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        KubernetesStatus? status = null;
        try
        {
            status = JsonSerializer.Deserialize(text, KubernetesJsonContext.Default.KubernetesStatus);
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's HTML page, say): the HTTP code alone describes the error.
        }

        var reason = status?.Reason ?? response.ReasonPhrase ?? response.StatusCode.ToString();
        var detail = status?.Message ?? (text.Length > 200 ? text[..200] : text);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        return new KubernetesApiException(
            response.StatusCode,
            reason,
            $"{method} {PathOnly(pathAndQuery)}: {(int)response.StatusCode} {reason}: {detail}",
            retryAfter is { } positive && positive > TimeSpan.Zero ? positive : retryAfter is null ? null : TimeSpan.Zero);
    }

    private static string PathOnly(string pathAndQuery) =>
        pathAndQuery.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? pathAndQuery[..q] : pathAndQuery;

    private static SocketsHttpHandler CreateHandler(KubernetesClientConfig config)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = config.RequestTimeout,
            MaxConnectionsPerServer = config.MaxConcurrentRequests,
        };
        if (config.ClientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [config.ClientCertificate];
        }

        if (config.CertificateAuthority.Count > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ChainsTo(config.CertificateAuthority, certificate as X509Certificate2, errors);
        }

        return handler;
    }

    /// <summary>
    /// The cluster CA is the only root, as kubectl does: the name must match, and the chain must end in one of the
    /// given CA certificates (the system's roots do not count).
    /// </summary>
    internal static bool ChainsTo(X509Certificate2Collection authorities, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        return chain.Build(certificate);
    }
}
