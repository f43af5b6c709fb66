using System.Text.Json;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Cluster;

/// <summary>An object read from the API server, as a file of the manifest model the engine lints.</summary>
public static class ApiObject
{
    /// <summary>
    /// Where an audit finding is: <c>namespace/Kind/name</c> (<c>Kind/name</c> for a cluster-scoped object), the
    /// "file" of every output format.
    /// </summary>
    public static string Location(string kind, string? @namespace, string? name) =>
        @namespace is null ? $"{kind}/{name}" : $"{@namespace}/{kind}/{name}";

    /// <summary>
    /// The object as a one-document file named <see cref="Location"/>. List items carry no apiVersion and kind
    /// (the list has them), so the type's are written first, as the object reads when got by name.
    /// </summary>
    /// <exception cref="UnsafeJsonInputException">The object is over the parser's limits.</exception>
    public static ManifestFile ToManifestFile(JsonElement item, KubernetesResourceType type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", type.ApiVersion);
            writer.WriteString("kind", type.Kind);
            if (item.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in item.EnumerateObject())
                {
                    if (property.Name is not ("apiVersion" or "kind"))
                    {
                        property.WriteTo(writer);
                    }
                }
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        var root = (MappingNode)JsonManifestReader.Read(document.RootElement);
        var metadata = root.Mapping("metadata");
        var path = Location(type.Kind, type.Namespaced ? metadata?.String("namespace") : null, metadata?.String("name"));
        return new ManifestFile(path, [new ManifestDocument(0, root, null)], [], []);
    }
}
