using System.Text.Json;
using System.Text.Json.Serialization;

namespace CanaryGuard.Webhook.Admission;

/// <summary>
/// An <c>admission.k8s.io/v1</c> AdmissionReview as we answer it. The request side is not deserialized into
/// this type: <see cref="AdmissionRequest.Read"/> takes its fields from the parsed body, so the object is never copied.
/// </summary>
public sealed record AdmissionReview
{
    public const string ApiVersionV1 = "admission.k8s.io/v1";
    public const string KindName = "AdmissionReview";

    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public AdmissionResponse? Response { get; init; }
}

/// <summary>
/// The fields of <c>request</c> the webhook reads; the rest (userInfo, options) are ignored, never logged.
/// <see cref="Object"/> points into the parsed body, so it lives only as long as that document. Reading is in two
/// steps: <see cref="ReadUid"/> up to the uid (a failure there can only be an HTTP 400), then <see cref="Read"/>,
/// whose failures are answered as a review of that uid (see AdmissionHandler).
/// </summary>
public sealed record AdmissionRequest
{
    /// <summary>The API server sends a UUID (36 characters); a longer uid is not echoed or logged.</summary>
    public const int MaxUidLength = 128;

    /// <summary>The longest name, namespace, group, version or kind: a Kubernetes name is at most 253 characters.</summary>
    public const int MaxFieldLength = 253;

    /// <summary>The operations of <c>admission.k8s.io/v1</c>; anything else is refused, so it never becomes a metric label.</summary>
    public static IReadOnlyList<string> Operations { get; } = ["CREATE", "UPDATE", "DELETE", "CONNECT"];

    public required string Uid { get; init; }

    /// <summary>The request's <c>kind</c> as <c>group/version</c> (or <c>version</c> for the core group) and kind.</summary>
    public required (string ApiVersion, string Kind) RequestKind { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    /// <summary>One of <see cref="Operations"/>.</summary>
    public required string Operation { get; init; }

    public JsonElement? Object { get; init; }

    /// <summary>The stored object an UPDATE replaces; like <see cref="Object"/>, it points into the parsed body.</summary>
    public JsonElement? OldObject { get; init; }

    public bool DryRun { get; init; }

    /// <summary>The uid and the request object of an AdmissionReview body already parsed as JSON.</summary>
    /// <exception cref="BadAdmissionRequestException">It is not a v1 AdmissionReview with a request and a usable uid.</exception>
    public static (string Uid, JsonElement Request) ReadUid(JsonElement review)
    {
        if (review.ValueKind == JsonValueKind.Null)
        {
            throw new BadAdmissionRequestException("the body is JSON null, not an AdmissionReview");
        }

        RequireObject(review, "the body");
        var apiVersion = OptionalString(review, "apiVersion", string.Empty);
        var kind = OptionalString(review, "kind", string.Empty);
        if (apiVersion != AdmissionReview.ApiVersionV1 || kind != AdmissionReview.KindName)
        {
            throw new BadAdmissionRequestException($"expected apiVersion {AdmissionReview.ApiVersionV1} kind {AdmissionReview.KindName}, got '{Excerpt(apiVersion)}' '{Excerpt(kind)}'");
        }

        if (!review.TryGetProperty("request", out var request) || request.ValueKind == JsonValueKind.Null)
        {
            throw new BadAdmissionRequestException("the AdmissionReview has no request");
        }

        RequireObject(request, "request");
        var uid = OptionalString(request, "uid", "request.");
        if (string.IsNullOrEmpty(uid))
        {
            throw new BadAdmissionRequestException("request.uid is missing");
        }

        if (uid.Length > MaxUidLength)
        {
            throw new BadAdmissionRequestException($"request.uid is {uid.Length} characters long, over the limit of {MaxUidLength}");
        }

        return (uid, request);
    }

    /// <summary>The rest of the request whose uid <see cref="ReadUid"/> read.</summary>
    /// <exception cref="BadAdmissionRequestException">A field is missing, of the wrong type, too long, or not a known operation.</exception>
    public static AdmissionRequest Read(string uid, JsonElement request)
    {
        string? group = null, version = null, requestKind = null;
        if (request.TryGetProperty("kind", out var gvk) && gvk.ValueKind != JsonValueKind.Null)
        {
            RequireObject(gvk, "request.kind");
            group = Field(gvk, "group", "request.kind.");
            version = Field(gvk, "version", "request.kind.");
            requestKind = Field(gvk, "kind", "request.kind.");
        }

        var operation = Field(request, "operation", "request.") ?? throw new BadAdmissionRequestException("request.operation is missing");
        if (!Operations.Contains(operation))
        {
            throw new BadAdmissionRequestException($"request.operation '{Excerpt(operation)}' is not one of {string.Join(", ", Operations)}");
        }

        JsonElement? obj = request.TryGetProperty("object", out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
        JsonElement? oldObj = request.TryGetProperty("oldObject", out var old) && old.ValueKind == JsonValueKind.Object ? old : null;
        var dryRun = request.TryGetProperty("dryRun", out var flag) && flag.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw NotAReview("request.dryRun is not a boolean"),
        };
        return new AdmissionRequest
        {
            Uid = uid,
            RequestKind = (string.IsNullOrEmpty(group) ? version ?? string.Empty : $"{group}/{version}", requestKind ?? string.Empty),
            Name = Field(request, "name", "request."),
            Namespace = Field(request, "namespace", "request."),
            Operation = operation,
            Object = obj,
            OldObject = oldObj,
            DryRun = dryRun,
        };
    }

    /// <summary>
    /// A string property of the object under review, empty when absent or not a string, for naming it in a
    /// message; it may be anything the client sent, so it is read safely and only its beginning is kept.
    /// </summary>
    public static string Describe(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && TryGetString(value, out var text) ? Excerpt(text) : string.Empty;

    /// <summary>The beginning of a client-sent string, for a message or a log line.</summary>
    public static string Excerpt(string? text, int maxLength = 64) =>
        text is null || text.Length <= maxLength ? text ?? string.Empty : $"{text.AsSpan(0, maxLength)}… ({text.Length} characters)";

    private static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw NotAReview($"{what} is not a JSON object");
        }
    }

    /// <summary>An envelope string after the uid: as <see cref="OptionalString"/>, and at most <see cref="MaxFieldLength"/> characters.</summary>
    private static string? Field(JsonElement parent, string name, string pathPrefix)
    {
        var text = OptionalString(parent, name, pathPrefix);
        return text is { Length: > MaxFieldLength }
            ? throw new BadAdmissionRequestException($"{pathPrefix}{name} is {text.Length} characters long, over the limit of {MaxFieldLength}")
            : text;
    }

    /// <summary>The string property, null when absent or JSON null; any other type means this is not a review.</summary>
    private static string? OptionalString(JsonElement parent, string name, string pathPrefix)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw NotAReview($"{pathPrefix}{name} is not a string");
        }

        return TryGetString(value, out var text)
            ? text
            : throw new BadAdmissionRequestException($"{pathPrefix}{name} holds an unpaired UTF-16 surrogate escape");
    }

    /// <summary>
    /// Valid JSON can escape a lone surrogate (<c>"\uD800"</c>), which is no .NET string; the body's bytes were
    /// checked to be UTF-8 before parsing, so that is the only way reading a string can fail.
    /// </summary>
    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static BadAdmissionRequestException NotAReview(string problem) => new($"the body is not an AdmissionReview in JSON ({problem})");
}

public sealed record AdmissionResponse
{
    public required string Uid { get; init; }

    public required bool Allowed { get; init; }

    public AdmissionStatus? Status { get; init; }

    /// <summary>Always <c>JSONPatch</c> when <see cref="Patch"/> is set.</summary>
    public string? PatchType { get; init; }

    /// <summary>The RFC 6902 patch, base64 in JSON (System.Text.Json writes byte arrays as base64).</summary>
    public byte[]? Patch { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }
}

public sealed record AdmissionStatus(int Code, string Reason, string Message);

/// <summary>The one-line body of an HTTP 400.</summary>
public sealed record ErrorBody(string Error);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(AdmissionReview))]
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class AdmissionJsonContext : JsonSerializerContext;
