using System.Text.Json.Serialization;

namespace CanaryGuard.Cluster;

/// <summary>The <c>Status</c> object the API server answers errors with (meta/v1).</summary>
internal sealed record KubernetesStatus(
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("code")] int? Code);

[JsonSerializable(typeof(KubernetesStatus))]
internal sealed partial class KubernetesJsonContext : JsonSerializerContext;
