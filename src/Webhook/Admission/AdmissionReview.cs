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
/// <see cref="Object"/> points into the parsed body, so it lives only as long as that document.
/// </summary>
public sealed record AdmissionRequest
{
    public required string Uid { get; init; }

    /// <summary>The request's <c>kind</c> as <c>group/version</c> (or <c>version</c> for the core group) and kind.</summary>
    public required (string ApiVersion, string Kind) RequestKind { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Operation { get; init; }

    public JsonElement? Object { get; init; }

    /// <summary>The stored object an UPDATE replaces; like <see cref="Object"/>, it points into the parsed body.</summary>
    public JsonElement? OldObject { get; init; }

    public bool DryRun { get; init; }

    /// <summary>The request of an AdmissionReview body already parsed as JSON.</summary>
    /// <exception cref="BadAdmissionRequestException">It is not a v1 AdmissionReview with a request and a uid.</exception>
    public static AdmissionRequest Read(JsonElement review)
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
            throw new BadAdmissionRequestException($"expected apiVersion {AdmissionReview.ApiVersionV1} kind {AdmissionReview.KindName}, got '{apiVersion}' '{kind}'");
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

        string? group = null, version = null, requestKind = null;
        if (request.TryGetProperty("kind", out var gvk) && gvk.ValueKind != JsonValueKind.Null)
        {
            RequireObject(gvk, "request.kind");
            group = OptionalString(gvk, "group", "request.kind.");
            version = OptionalString(gvk, "version", "request.kind.");
            requestKind = OptionalString(gvk, "kind", "request.kind.");
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
            Name = OptionalString(request, "name", "request."),
            Namespace = OptionalString(request, "namespace", "request."),
            Operation = OptionalString(request, "operation", "request."),
            Object = obj,
            OldObject = oldObj,
            DryRun = dryRun,
        };
    }

    private static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw NotAReview($"{what} is not a JSON object");
        }
    }

    /// <summary>The string property, null when absent or JSON null; any other type means this is not a review.</summary>
    private static string? OptionalString(JsonElement parent, string name, string pathPrefix) =>
        !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw NotAReview($"{pathPrefix}{name} is not a string");

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
