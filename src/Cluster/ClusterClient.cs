using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Authentication;

namespace CanaryGuard.Cluster;

/// <summary>
/// The API calls CanaryGuard makes, through the official client's transport and credentials: its HttpClient (TLS
/// with the cluster CA, client certificates) and its authentication (static and file tokens, exec plugins) sign
/// every request. Gets and lists return the API server's JSON as <see cref="JsonDocument"/>/<see cref="JsonElement"/>,
/// not the client's typed models: rules read objects through JsonManifestReader, and Canaries, MetricTemplates
/// and ScaledObjects have no model in the client. A Canary is written by server-side apply. Every error answer
/// becomes a <see cref="KubernetesApiException"/>; a request longer than <see cref="ClusterConnection.RequestTimeout"/>
/// becomes a <see cref="TimeoutException"/>. After a 401 the credentials are built afresh from the configuration (a
/// token file read again, an exec plugin run again), as kubectl does; retrying is the caller's (<see cref="RetryPolicy"/>).
/// </summary>
public sealed class ClusterClient : IDisposable
{
    /// <summary>The field manager of everything CanaryGuard applies; ownership checks look for it in managedFields.</summary>
    public const string FieldManager = "canaryguard";

    /// <summary>How many items one list request asks for (<c>limit</c>); the rest follow with <c>continue</c>.</summary>
    public const int PageSize = 500;

    /// <summary>
    /// How often a list restarts after its <c>continue</c> token expired (410 Gone: the API server compacted the
    /// revision the list began at) before giving up; each restart reads the collection from its first page.
    /// </summary>
    public const int MaxListRestarts = 3;

    private static readonly MediaTypeHeaderValue ApplyPatch = new("application/apply-patch+yaml");
    private static readonly MediaTypeHeaderValue JsonContent = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent = new("canaryguard", typeof(ClusterClient).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>Lists answered as PartialObjectMetadataList: each item is its metadata only, a few hundred bytes.</summary>
    private const string MetadataOnly = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";

    private readonly ClusterConnection connection;
    private readonly HttpClient httpClient;
    private readonly SemaphoreSlim inFlight;
    private readonly Lock pacing = new();
    private ServiceClientCredentials? credentials;
    private long nextRequestStart;

    /// <exception cref="ClusterConfigurationException">The configuration cannot be used (no CA for an https server, a bad URL).</exception>
    public ClusterClient(ClusterConnection connection)
    {
        this.connection = connection;
        var configuration = connection.Configure();
        try
        {
            Server = new Uri(configuration.Host ?? throw new ClusterConfigurationException("the configuration names no API server (cluster.server)"));
            httpClient = new HttpClient(Transport(configuration, Server, connection), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            credentials = Kubernetes.CreateCredentials(configuration);
        }
        catch (Exception exception) when (exception is UriFormatException or FormatException or IOException or k8s.Exceptions.KubeConfigException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClusterConfigurationException(exception.Message, exception);
        }

        Namespace = configuration.Namespace;
        inFlight = new SemaphoreSlim(connection.MaxConcurrentRequests, connection.MaxConcurrentRequests);
    }

    /// <summary>The namespace of the pod (in cluster) or of the kubeconfig context: where the webhook's own objects are.</summary>
    public string? Namespace { get; }

    /// <summary>How this client connects: another client made from it (with other limits) reaches the same server as the same user.</summary>
    public ClusterConnection Connection => connection;

    /// <summary>The API server's URL.</summary>
    public Uri Server { get; }

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
    /// The collection as metadata only, one page (<paramref name="pageSize"/> items) at a time: the caller disposes
    /// each page before the next is read, so memory holds one page whatever the cluster's size. After a restart
    /// (<see cref="ListPagesAsync"/>) the first pages come again.
    /// </summary>
    public IAsyncEnumerable<JsonDocument> ListMetadataPagesAsync(KubernetesResourceType type, string? @namespace, string? labelSelector, int pageSize, CancellationToken cancellationToken) =>
        ListPagesAsync(type, @namespace, labelSelector, pageSize, metadataOnly: true, restarted: null, cancellationToken);

    /// <summary>
    /// A collection one page at a time (<c>limit</c>, then <c>continue</c>), whole objects or their metadata only.
    /// A <c>continue</c> token the API server no longer honours (410 Gone) restarts the list from its first page,
    /// at most <see cref="MaxListRestarts"/> times; <paramref name="restarted"/> is called first, so a caller that
    /// gathers items can drop what it gathered.
    /// </summary>
    public async IAsyncEnumerable<JsonDocument> ListPagesAsync(
        KubernetesResourceType type,
        string? @namespace,
        string? labelSelector,
        int pageSize,
        bool metadataOnly,
        Action? restarted,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continueToken = null;
        var restarts = 0;
        while (true)
        {
            JsonDocument page;
            try
            {
                page = await SendAsync(HttpMethod.Get, ListPath(type, @namespace, labelSelector, pageSize, continueToken), content: null, cancellationToken, metadataOnly ? MetadataOnly : null);
            }
            catch (KubernetesApiException exception) when (exception.StatusCode == HttpStatusCode.Gone && continueToken is not null && restarts < MaxListRestarts)
            {
                restarts++;
                continueToken = null;
                restarted?.Invoke();
                continue;
            }

            continueToken = page.RootElement.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("continue", out var next) && next.ValueKind == JsonValueKind.String && next.GetString() is { Length: > 0 } token ? token : null;
            yield return page;
            if (continueToken is null)
            {
                yield break;
            }
        }
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

    /// <summary>
    /// The objects of one read: the named object (none when it does not exist) or every item of the collection. A
    /// kind the API server does not serve (KEDA not installed) has none.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> ReadAsync(ClusterFetch fetch, CancellationToken cancellationToken)
    {
        if (fetch.Name is not null)
        {
            using var found = await GetAsync(fetch.Type, fetch.Namespace, fetch.Name, cancellationToken);
            return found is null ? [] : [found.RootElement.Clone()];
        }

        try
        {
            return await ListAsync(fetch.Type, fetch.Namespace, labelSelector: null, cancellationToken);
        }
        catch (KubernetesApiException exception) when (exception.IsNotFound)
        {
            return [];
        }
    }

    /// <summary>Every item of a collection (all pages, <see cref="PageSize"/> per request), each independent of the response it came in.</summary>
    public async Task<IReadOnlyList<JsonElement>> ListAsync(KubernetesResourceType type, string? @namespace, string? labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        await foreach (var page in ListPagesAsync(type, @namespace, labelSelector, PageSize, metadataOnly: false, items.Clear, cancellationToken))
        {
            using (page)
            {
                if (page.RootElement.TryGetProperty("items", out var pageItems) && pageItems.ValueKind == JsonValueKind.Array)
                {
                    items.AddRange(pageItems.EnumerateArray().Select(i => i.Clone()));
                }
            }
        }

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
        httpClient.Dispose();
        inFlight.Dispose();
    }

    private static string ListPath(KubernetesResourceType type, string? @namespace, string? labelSelector, int pageSize, string? continueToken)
    {
        var path = new StringBuilder(type.CollectionPath(@namespace)).Append("?limit=").Append(pageSize);
        if (labelSelector is not null)
        {
            path.Append("&labelSelector=").Append(Uri.EscapeDataString(labelSelector));
        }

        if (continueToken is not null)
        {
            path.Append("&continue=").Append(Uri.EscapeDataString(continueToken));
        }

        return path.ToString();
    }

    private static ReadOnlyMemoryContent Json(ReadOnlyMemory<byte> json)
    {
        var content = new ReadOnlyMemoryContent(json);
        content.Headers.ContentType = JsonContent;
        return content;
    }

    private async Task<JsonDocument> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken, string? accept = null)
    {
        // The server URL may carry a path (a proxy's /k8s/clusters/c-1/): API paths are relative to it.
        using var request = new HttpRequestMessage(method, new Uri(Server, pathAndQuery.TrimStart('/'))) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(UserAgent);
        if (accept is not null)
        {
            // Verbatim: the media type parameters are the API server's protocol, not something to reformat.
            request.Headers.Remove("Accept");
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connection.RequestTimeout);
        var entered = false;
        try
        {
            // Waiting for a turn counts against the request's timeout: a queue longer than that is an overload.
            await inFlight.WaitAsync(timeout.Token);
            entered = true;
            await PaceAsync(timeout.Token);
            if (Volatile.Read(ref credentials) is { } signer)
            {
                try
                {
                    await signer.ProcessHttpRequestAsync(request, timeout.Token);
                }
                catch (AggregateException exception) when (exception.InnerExceptions.Count == 1)
                {
                    // The token providers wait synchronously: the error (a token file that cannot be read) is inside.
                    ExceptionDispatchInfo.Throw(exception.InnerExceptions[0]);
                }
            }

            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    RenewCredentials();
                }

                throw await ErrorAsync(method, pathAndQuery, response, timeout.Token);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {PathOnly(pathAndQuery)} took longer than {connection.RequestTimeout.TotalSeconds:0.###}s");
        }
        finally
        {
            if (entered)
            {
                inFlight.Release();
            }
        }
    }

    /// <summary>Waits until <see cref="ClusterConnection.MinRequestInterval"/> has passed since the last request started.</summary>
    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        if (connection.MinRequestInterval <= TimeSpan.Zero)
        {
            return;
        }

        TimeSpan wait;
        lock (pacing)
        {
            var now = Stopwatch.GetTimestamp();
            var start = Math.Max(now, nextRequestStart);
            nextRequestStart = start + (long)(connection.MinRequestInterval.TotalSeconds * Stopwatch.Frequency);
            wait = Stopwatch.GetElapsedTime(now, start);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    /// <summary>
    /// A 401: the token expired or was rotated. Credentials built afresh read the token file again and run the exec
    /// plugin again; if the configuration can no longer be read, the old credentials stay (the next 401 tries again).
    /// </summary>
    private void RenewCredentials()
    {
        try
        {
            Volatile.Write(ref credentials, Kubernetes.CreateCredentials(connection.Configure()));
        }
#pragma warning disable CA1031 // Whatever stops the renewal (a plugin that fails, a file gone), the request's own 401 is the error to report.
        catch (Exception)
#pragma warning restore CA1031
        {
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

    /// <summary>
    /// The connection to the API server, with the configuration's CA, client certificate and skip-verify setting.
    /// Not the official client's own handler: it accepts any certificate that chains to the cluster CA, whatever host
    /// it was issued for (once the chain needs the kubeconfig's CA it no longer looks at the name), where kubectl and
    /// client-go also check the name, so that a certificate the same CA issued to a node or a webhook cannot stand in
    /// for the API server.
    /// </summary>
    private static SocketsHttpHandler Transport(KubernetesClientConfiguration configuration, Uri server, ClusterConnection connection)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = connection.RequestTimeout,
            MaxConnectionsPerServer = connection.MaxConcurrentRequests,
        };
        if (server.Scheme != Uri.UriSchemeHttps)
        {
            return handler;
        }

        if (ClientCertificate(configuration) is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        if (configuration.SkipTlsVerify)
        {
            // The kubeconfig says insecure-skip-tls-verify: true, and kubectl honours it the same way.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (configuration.SslCaCerts is { Count: > 0 } authorities)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                IssuedByClusterAuthority(certificate, errors, authorities);
        }

        // Without a CA in the configuration the system's trust store decides, with the name checked: the default.
        return handler;
    }

    /// <summary>The kubeconfig's client-certificate[-data] and client-key[-data] (PEM, the data base64), or none.</summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration configuration)
    {
        var certificate = Pem(configuration.ClientCertificateData, configuration.ClientCertificateFilePath);
        var key = Pem(configuration.ClientCertificateKeyData, configuration.ClientKeyFilePath);
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw new ClusterConfigurationException("a client certificate needs both client-certificate and client-key");
        }

        // A key made from PEM lives only in memory; TLS needs it in a form the platform's TLS library can hold.
        using var ephemeral = X509Certificate2.CreateFromPem(certificate, key);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    private static string? Pem(string? base64Data, string? path) =>
        !string.IsNullOrEmpty(base64Data) ? Encoding.UTF8.GetString(Convert.FromBase64String(base64Data))
        : !string.IsNullOrEmpty(path) ? File.ReadAllText(path)
        : null;

    private static bool IssuedByClusterAuthority(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented);
    }

    private static string PathOnly(string pathAndQuery) =>
        pathAndQuery.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? pathAndQuery[..q] : pathAndQuery;

}
