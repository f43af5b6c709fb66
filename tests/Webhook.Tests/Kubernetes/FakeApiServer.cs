using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Authentication;

namespace CanaryGuard.Webhook.Tests.Kubernetes;

/// <summary>One request as the fake API server received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, string? ClientCertificateSubject)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant());
}

/// <summary>An answer: status, JSON body and extra headers.</summary>
internal sealed record FakeResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A meta/v1 Status as the API server sends with every error.</summary>
    public static FakeResponse Failure(int code, string reason, string message, string details = "{}", IReadOnlyDictionary<string, string>? headers = null) =>
        new(code, $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":{{JsonSerializer.Serialize(message, FakeJson.Default.String)}},"reason":"{{reason}}","details":{{details}},"code":{{code}}}""", headers);

    public static FakeResponse Conflict(string name) => Failure(409, "Conflict",
        $"Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using flagger.app/v1beta1: .spec.analysis.maxWeight",
        $$"""{"name":"{{name}}","group":"flagger.app","kind":"canaries","causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl-client-side-apply\" using flagger.app/v1beta1","field":".spec.analysis.maxWeight"}]}""");

    public static FakeResponse TooManyRequests(int retryAfterSeconds) => Failure(429, "TooManyRequests", "Too many requests, please try again later.",
        $$"""{"retryAfterSeconds":{{retryAfterSeconds}}}""", new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) });

    public static FakeResponse InternalError() => Failure(500, "InternalError", "Internal error occurred: etcdserver: request timed out",
        """{"causes":[{"message":"etcdserver: request timed out"}]}""");
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class FakeJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>
/// A kube-apiserver stand-in over real HTTPS (Kestrel on 127.0.0.1, a port of its own, a self-signed certificate):
/// it stores objects by REST path, answers gets, lists (labelSelector equality, limit/continue paging, metadata
/// only on request), creates (POST), replaces (PUT, compare-and-swap on resourceVersion) and server-side applies
/// as the API server shapes them (managedFields, uid, resourceVersion, Status errors), checks the bearer token, and
/// records every request. Faults queued with <see cref="FailNext"/> are answered before the store is consulted.
/// Requests that break the API contract (wrong content type, missing fieldManager) are answered 400 and listed
/// in <see cref="Violations"/>.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, JsonObject> store = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(Func<RecordedRequest, bool> Match, FakeResponse Response)> faults = new();
    private readonly Lock gate = new();
    private readonly List<RecordedRequest> requests = [];
    private readonly List<string> violations = [];
    private int resourceVersion = 1000;
    private int inFlight;
    private int peakInFlight;

    private FakeApiServer(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public Uri Uri { get; private set; } = null!;

    /// <summary>The token every request must carry (<c>Authorization: Bearer …</c>); null accepts any or none.</summary>
    public string? ExpectedToken { get; set; }

    /// <summary>Answers before everything else; null to fall through to faults and the store.</summary>
    public Func<RecordedRequest, FakeResponse?>? Intercept { get; set; }

    public TimeSpan ResponseDelay { get; set; }

    /// <summary>
    /// The most items one list page holds, whatever the client's <c>limit</c>: the API server may answer fewer items
    /// than asked (and does, when it filters), so a client must follow <c>continue</c> for any page size.
    /// </summary>
    public int MaxPageSize { get; set; } = int.MaxValue;

    /// <summary>The most requests that were being answered at the same moment.</summary>
    public int PeakConcurrency => Volatile.Read(ref peakInFlight);

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (gate)
            {
                return [.. violations];
            }
        }
    }

    public IEnumerable<RecordedRequest> Applies => Requests.Where(r => r.Method == "PATCH");

    /// <param name="certificate">The serving certificate; by default one for 127.0.0.1 and localhost.</param>
    public static async Task<FakeApiServer> StartAsync(X509Certificate2? certificate = null)
    {
        certificate ??= TestCertificates.Server();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ClientCertificateMode = ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
        })));
        var app = builder.Build();
        var server = new FakeApiServer(app, certificate);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Uri = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>
    /// A connection, as the official client configures one, that trusts this server's certificate and sends
    /// <paramref name="token"/>, or the token read from <paramref name="tokenFile"/> (the official TokenFileAuth);
    /// <paramref name="server"/> points it elsewhere.
    /// </summary>
    public ClusterConnection Config(string? token = "test-token", TimeSpan? timeout = null, string? tokenFile = null, Uri? server = null) =>
        Connection(server ?? Uri, Certificate, token, tokenFile, timeout);

    /// <summary>A connection to <paramref name="server"/>, trusting <paramref name="authority"/>.</summary>
    public static ClusterConnection Connection(Uri server, X509Certificate2 authority, string? token = null, string? tokenFile = null, TimeSpan? timeout = null) =>
        new(() => new KubernetesClientConfiguration
        {
            Host = server.ToString(),
            SslCaCerts = [X509CertificateLoader.LoadCertificate(authority.RawData)],
            AccessToken = tokenFile is null ? token : null,
            TokenProvider = tokenFile is null ? null : new TokenFileAuth(tokenFile),
        })
        {
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(5),
        };

    /// <summary>Stores an object at its item path (from apiVersion, kind's plural, namespace, name).</summary>
    public void Put(string path, string json) => store[path] = (JsonObject)JsonNode.Parse(json)!;

    public JsonObject? Get(string path) => store.GetValueOrDefault(path);

    /// <summary>Removes a stored object, as a deletion the test stands for.</summary>
    public void Remove(string path) => store.TryRemove(path, out _);

    public void FailNext(Func<RecordedRequest, bool> match, FakeResponse response, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            faults.Enqueue((match, response));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref inFlight);
        for (var peak = Volatile.Read(ref peakInFlight); now > peak; peak = Volatile.Read(ref peakInFlight))
        {
            Interlocked.CompareExchange(ref peakInFlight, now, peak);
        }

        try
        {
            await AnswerAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var queryAt = target.IndexOf('?', StringComparison.Ordinal);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var request = new RecordedRequest(
            context.Request.Method,
            queryAt < 0 ? target : target[..queryAt],
            queryAt < 0 ? string.Empty : target[(queryAt + 1)..],
            headers,
            body,
            context.Connection.ClientCertificate?.Subject);
        lock (gate)
        {
            requests.Add(request);
        }

        if (ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(ResponseDelay, context.RequestAborted);
        }

        var response = Answer(request);
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(response.Body);
    }

    private FakeResponse Answer(RecordedRequest request)
    {
        if (ExpectedToken is not null && request.Header("Authorization") != "Bearer " + ExpectedToken)
        {
            return FakeResponse.Failure(401, "Unauthorized", "Unauthorized");
        }

        if (Intercept?.Invoke(request) is { } intercepted)
        {
            return intercepted;
        }

        if (faults.TryPeek(out var fault) && fault.Match(request) && faults.TryDequeue(out fault))
        {
            return fault.Response;
        }

        var route = Route.Parse(request.Path);
        if (route is null)
        {
            return FakeResponse.Failure(404, "NotFound", "the server could not find the requested resource");
        }

        return request.Method switch
        {
            "GET" when route.Name is null => List(route, request),
            "GET" => store.TryGetValue(request.Path, out var found) ? new FakeResponse(200, found.ToJsonString()) : NotFound(route),
            "PATCH" => Apply(route, request),
            "POST" when route.Name is null && route.Namespace is not null => Create(route, request),
            "PUT" when route.Name is not null => Replace(route, request),
            _ => FakeResponse.Failure(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource"),
        };
    }

    private static FakeResponse NotFound(Route route) =>
        FakeResponse.Failure(404, "NotFound", $"{route.Plural}{(route.Group.Length > 0 ? "." + route.Group : string.Empty)} \"{route.Name}\" not found",
            $$"""{"name":"{{route.Name}}","group":"{{route.Group}}","kind":"{{route.Plural}}"}""");

    /// <summary>
    /// A list, paged as the API server does when asked (<c>limit</c>, then <c>continue</c> = the last key served), and
    /// as PartialObjectMetadataList (metadata only) when the Accept header asks for it.
    /// </summary>
    private FakeResponse List(Route route, RecordedRequest request)
    {
        var parameters = Query(request.Query);
        var selector = parameters.GetValueOrDefault("labelSelector");
        var after = parameters.GetValueOrDefault("continue");
        var limit = Math.Min(int.TryParse(parameters.GetValueOrDefault("limit"), CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue, MaxPageSize);
        var metadataOnly = request.Header("Accept")?.Contains("as=PartialObjectMetadataList", StringComparison.Ordinal) == true;
        var matching = store
            .Where(e => (after is null || string.CompareOrdinal(e.Key, after) > 0) && Route.Parse(e.Key) is { } r && r.Plural == route.Plural
                && r.GroupVersion == route.GroupVersion && (route.Namespace is null || r.Namespace == route.Namespace))
            .Where(e => selector is null || MatchesSelector(e.Value, selector))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Take(limit == int.MaxValue ? int.MaxValue : limit + 1)
            .ToList();
        var page = matching.Take(limit).ToList();
        var items = page
            .Select(e => metadataOnly
                ? new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "PartialObjectMetadata", ["metadata"] = e.Value["metadata"]?.DeepClone() }
                : e.Value.DeepClone())
            .ToArray();
        var listMetadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (matching.Count > page.Count)
        {
            listMetadata["continue"] = page[^1].Key;
        }

        var list = new JsonObject
        {
            ["kind"] = metadataOnly ? "PartialObjectMetadataList" : "List",
            ["apiVersion"] = metadataOnly ? "meta.k8s.io/v1" : route.GroupVersion,
            ["metadata"] = listMetadata,
            ["items"] = new JsonArray(items),
        };
        return new FakeResponse(200, list.ToJsonString());
    }

    /// <summary>POST: stores a new object (uid, resourceVersion); 409 AlreadyExists when its name is taken.</summary>
    private FakeResponse Create(Route route, RecordedRequest request)
    {
        if (JsonNode.Parse(request.Body) is not JsonObject created || created["metadata"]?["name"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            return FakeResponse.Failure(400, "BadRequest", "the body is not an object with metadata.name");
        }

        var path = $"{request.Path}/{Uri.EscapeDataString(name)}";
        lock (gate)
        {
            if (store.ContainsKey(path))
            {
                return FakeResponse.Failure(409, "AlreadyExists", $"{route.Plural} \"{name}\" already exists");
            }

            var metadata = (JsonObject)created["metadata"]!;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["resourceVersion"] = Interlocked.Increment(ref resourceVersion).ToString(CultureInfo.InvariantCulture);
            store[path] = created;
            return new FakeResponse(201, created.ToJsonString());
        }
    }

    /// <summary>PUT: replaces the object when the body's resourceVersion is the stored one, else 409 Conflict.</summary>
    private FakeResponse Replace(Route route, RecordedRequest request)
    {
        if (JsonNode.Parse(request.Body) is not JsonObject replacement || replacement["metadata"] is not JsonObject metadata)
        {
            return FakeResponse.Failure(400, "BadRequest", "the body is not an object with metadata");
        }

        lock (gate)
        {
            if (!store.TryGetValue(request.Path, out var stored))
            {
                return NotFound(route);
            }

            if (metadata["resourceVersion"]?.GetValue<string>() != stored["metadata"]?["resourceVersion"]?.GetValue<string>())
            {
                return FakeResponse.Failure(409, "Conflict", $"Operation cannot be fulfilled on {route.Plural} \"{route.Name}\": the object has been modified; please apply your changes to the latest version and try again");
            }

            metadata["uid"] = stored["metadata"]?["uid"]?.DeepClone();
            metadata["resourceVersion"] = Interlocked.Increment(ref resourceVersion).ToString(CultureInfo.InvariantCulture);
            store[request.Path] = replacement;
            return new FakeResponse(200, replacement.ToJsonString());
        }
    }

    private FakeResponse Apply(Route route, RecordedRequest request)
    {
        var parameters = Query(request.Query);
        var problems = new List<string>();
        if (request.Header("Content-Type") != "application/apply-patch+yaml")
        {
            problems.Add($"content type '{request.Header("Content-Type")}' is not application/apply-patch+yaml");
        }

        if (parameters.GetValueOrDefault("fieldManager") is not { Length: > 0 })
        {
            problems.Add("fieldManager is required for apply patch");
        }

        if (parameters.GetValueOrDefault("force") is not ("true" or "false"))
        {
            problems.Add("force must be true or false");
        }

        JsonObject? applied = null;
        try
        {
            applied = JsonNode.Parse(request.Body) as JsonObject;
        }
        catch (JsonException exception)
        {
            problems.Add("body is not JSON: " + exception.Message);
        }

        if (applied is not null && (applied["metadata"]?["name"]?.GetValue<string>() != route.Name || applied["metadata"]?["namespace"]?.GetValue<string>() != route.Namespace))
        {
            problems.Add("the body's metadata.name/namespace do not match the URL");
        }

        if (problems.Count > 0 || applied is null)
        {
            lock (gate)
            {
                violations.AddRange(problems);
            }

            return FakeResponse.Failure(400, "BadRequest", string.Join("; ", problems));
        }

        var version = Interlocked.Increment(ref resourceVersion).ToString(CultureInfo.InvariantCulture);
        var existing = store.GetValueOrDefault(request.Path);
        var metadata = (JsonObject)applied["metadata"]!;
        metadata["uid"] = existing?["metadata"]?["uid"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
        metadata["resourceVersion"] = version;
        metadata["generation"] = 1;
        metadata["creationTimestamp"] = "2026-11-22T04:00:00Z";
        var managers = new JsonArray();
        foreach (var field in existing?["metadata"]?["managedFields"]?.AsArray() ?? [])
        {
            if (field?["manager"]?.GetValue<string>() != parameters["fieldManager"])
            {
                managers.Add(field!.DeepClone());
            }
        }

        managers.Add(new JsonObject
        {
            ["manager"] = parameters["fieldManager"],
            ["operation"] = "Apply",
            ["apiVersion"] = applied["apiVersion"]?.GetValue<string>(),
            ["time"] = "2026-11-22T04:00:00Z",
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject(),
        });
        metadata["managedFields"] = managers;
        store[request.Path] = applied;
        return new FakeResponse(existing is null ? 201 : 200, applied.ToJsonString());
    }

    private static bool MatchesSelector(JsonObject item, string selector) =>
        selector.Split(',').All(term =>
        {
            var (key, value) = (term[..term.IndexOf('=', StringComparison.Ordinal)], term[(term.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            return item["metadata"]?["labels"]?[key]?.GetValue<string>() == value;
        });

    private static Dictionary<string, string> Query(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty, StringComparer.Ordinal);

    /// <summary>A REST path taken apart: /api/v1/namespaces/ns/services/name, /apis/g/v/plural, …</summary>
    private sealed record Route(string Group, string GroupVersion, string? Namespace, string Plural, string? Name)
    {
        public static Route? Parse(string path)
        {
            var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
            string group, groupVersion;
            string[] rest;
            if (segments.Length >= 3 && segments[0] == "api")
            {
                (group, groupVersion, rest) = (string.Empty, segments[1], segments[2..]);
            }
            else if (segments.Length >= 4 && segments[0] == "apis")
            {
                (group, groupVersion, rest) = (segments[1], $"{segments[1]}/{segments[2]}", segments[3..]);
            }
            else
            {
                return null;
            }

            return rest switch
            {
                ["namespaces", var ns, var plural] => new Route(group, groupVersion, ns, plural, null),
                ["namespaces", var ns, var plural, var name] => new Route(group, groupVersion, ns, plural, name),
                [var plural] => new Route(group, groupVersion, null, plural, null),
                [var plural, var name] => new Route(group, groupVersion, null, plural, name),
                _ => null,
            };
        }
    }
}
