using System.Text.Json;

namespace CanaryGuard.Cluster;

/// <summary>Reading API objects: a string at a chain of object properties, or null anywhere along it.</summary>
public static class Json
{
    public static string? Text(JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var property in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
