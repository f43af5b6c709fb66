using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CanaryGuard.Webhook.Patching;

/// <summary>One RFC 6902 operation the builder emits: always <c>add</c> (which also replaces an existing member).</summary>
public sealed record JsonPatchOperation(string Op, string Path, JsonNode? Value);

/// <summary>
/// Builds a minimal RFC 6902 patch that sets values at paths of a JSON document. It works on its own copy of
/// the document and applies each operation as it emits it, so later calls see earlier ones (two values under
/// one missing map become one map, not two competing <c>add</c>s). A value that is already there emits
/// nothing, which is what makes a second pass produce no patch. Missing parent maps are created by adding the
/// outermost missing one with the rest nested inside it. Paths are segment lists; the builder escapes them
/// into JSON Pointers (<c>~</c> as <c>~0</c>, <c>/</c> as <c>~1</c>).
/// </summary>
public sealed class JsonPatchBuilder
{
    private readonly JsonNode? document;
    private readonly List<JsonPatchOperation> operations = [];

    public JsonPatchBuilder(JsonNode? document)
    {
        this.document = document?.DeepClone();
    }

    public IReadOnlyList<JsonPatchOperation> Operations => operations;

    /// <summary>The document with every emitted operation applied.</summary>
    public JsonNode? Result => document;

    /// <summary>Makes the value at <paramref name="path"/> equal <paramref name="value"/>; returns whether that took an operation.</summary>
    /// <exception cref="ArgumentException">The path is empty, or runs through a value that is neither a map nor an existing array item.</exception>
    public bool Set(IReadOnlyList<string> path, JsonNode? value)
    {
        if (path.Count == 0)
        {
            throw new ArgumentException("the builder sets members; an empty path would replace the whole document", nameof(path));
        }

        var current = document;
        for (var depth = 0; depth < path.Count - 1; depth++)
        {
            var next = Child(current, path, depth);
            if (next is null && current is JsonObject missingParentOwner)
            {
                // The parent map at this depth is missing (or null): add it with the rest of the path inside.
                var nested = value?.DeepClone();
                for (var inner = path.Count - 1; inner > depth; inner--)
                {
                    nested = new JsonObject { [path[inner]] = nested };
                }

                Emit(missingParentOwner, path, depth, nested);
                return true;
            }

            current = next ?? throw new ArgumentException($"'{Pointer(path.Take(depth + 1))}' is a null array item", nameof(path));
        }

        var parent = current as JsonObject ?? throw new ArgumentException($"'{Pointer(path.Take(path.Count - 1))}' is not a map", nameof(path));
        if (parent.TryGetPropertyValue(path[^1], out var existing) && JsonNode.DeepEquals(existing, value))
        {
            return false;
        }

        Emit(parent, path, path.Count - 1, value?.DeepClone());
        return true;
    }

    /// <summary>The patch as the JSON array an AdmissionResponse carries (UTF-8).</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var operation in operations)
            {
                writer.WriteStartObject();
                writer.WriteString("op", operation.Op);
                writer.WriteString("path", operation.Path);
                writer.WritePropertyName("value");
                if (operation.Value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    operation.Value.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>A JSON Pointer (RFC 6901) from unescaped segments.</summary>
    public static string Pointer(IEnumerable<string> segments)
    {
        var pointer = new StringBuilder();
        foreach (var segment in segments)
        {
            pointer.Append('/').Append(Escape(segment));
        }

        return pointer.ToString();
    }

    /// <summary>RFC 6901 escaping: <c>~</c> first (to <c>~0</c>), then <c>/</c> (to <c>~1</c>), so neither is read back wrongly.</summary>
    public static string Escape(string segment) =>
        segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JsonNode? Child(JsonNode? current, IReadOnlyList<string> path, int depth) => current switch
    {
        JsonObject map => map.TryGetPropertyValue(path[depth], out var child) ? child : null,
        JsonArray array when int.TryParse(path[depth], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            && index < array.Count && array[index] is { } item => item,
        _ => throw new ArgumentException($"'{Pointer(path.Take(depth))}' is neither a map nor an array holding item '{path[depth]}'", nameof(path)),
    };

    private void Emit(JsonObject parent, IReadOnlyList<string> path, int depth, JsonNode? value)
    {
        operations.Add(new JsonPatchOperation("add", Pointer(path.Take(depth + 1)), value?.DeepClone()));
        parent[path[depth]] = value;
    }
}
