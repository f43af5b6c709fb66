using System.Text.Json;
using System.Text.Json.Serialization;

namespace CanaryGuard.Webhook.Admission;

/// <summary>An <c>admission.k8s.io/v1</c> AdmissionReview: the request the API server sends, the response we return.</summary>
public sealed record AdmissionReview
{
    public const string ApiVersionV1 = "admission.k8s.io/v1";
    public const string KindName = "AdmissionReview";

    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public AdmissionRequest? Request { get; init; }

    public AdmissionResponse? Response { get; init; }
}

/// <summary>The fields of <c>request</c> the webhook reads; the rest (userInfo, options) are ignored, never logged.</summary>
public sealed record AdmissionRequest
{
    public string? Uid { get; init; }

    public GroupVersionKind? Kind { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Operation { get; init; }

    public JsonElement? Object { get; init; }

    public bool? DryRun { get; init; }
}

public sealed record GroupVersionKind(string? Group, string? Version, string? Kind);

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
