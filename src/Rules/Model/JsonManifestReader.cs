using System.Globalization;
using System.Text.Json;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// Turns a JSON value (an AdmissionReview's <c>object</c>, a look-up from the API server) into the same
/// manifest tree rules read, with paths but no source positions.
/// </summary>
public static class JsonManifestReader
{
    public static ManifestNode Read(JsonElement element, ParseLimits? limits = null) =>
        Read(element, string.Empty, 0, limits ?? ParseLimits.Default);

    private static ManifestNode Read(JsonElement element, string path, int depth, ParseLimits limits)
    {
        if (depth > limits.MaxDepth)
        {
            throw new InvalidDataException($"nesting deeper than {limits.MaxDepth} levels at {path}");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var entries = new List<MappingEntry>();
                var positions = new Dictionary<string, int>(StringComparer.Ordinal);
                var duplicates = new List<ScalarNode>();
                foreach (var property in element.EnumerateObject())
                {
                    var name = Text(() => property.Name, path);
                    var key = new ScalarNode(path, null, null, name, ScalarStyle.DoubleQuoted, ScalarKind.String);
                    var value = Read(property.Value, ManifestNode.ChildPath(path, name), depth + 1, limits);
                    if (positions.TryGetValue(name, out var earlier))
                    {
                        duplicates.Add(entries[earlier].Key);
                        entries[earlier] = new MappingEntry(key, value);
                    }
                    else
                    {
                        positions[name] = entries.Count;
                        entries.Add(new MappingEntry(key, value));
                    }
                }

                return new MappingNode(path, null, null, entries, duplicates);
            case JsonValueKind.Array:
                var items = new List<ManifestNode>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(Read(item, ManifestNode.ItemPath(path, items.Count), depth + 1, limits));
                }

                return new SequenceNode(path, null, null, items);
            case JsonValueKind.String:
                return new ScalarNode(path, null, null, Text(() => element.GetString()!, path), ScalarStyle.DoubleQuoted, ScalarKind.String);
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                var isInteger = element.TryGetInt64(out _);
                return new ScalarNode(path, null, null, isInteger ? raw : element.GetDouble().ToString("R", CultureInfo.InvariantCulture), ScalarStyle.Plain, isInteger ? ScalarKind.Int : ScalarKind.Float);
            case JsonValueKind.True:
                return new ScalarNode(path, null, null, "true", ScalarStyle.Plain, ScalarKind.Bool);
            case JsonValueKind.False:
                return new ScalarNode(path, null, null, "false", ScalarStyle.Plain, ScalarKind.Bool);
            default:
                return new ScalarNode(path, null, null, "null", ScalarStyle.Plain, ScalarKind.Null);
        }
    }

    /// <summary>
    /// A JSON string or key; an escaped lone surrogate (<c>"\uD800"</c>) is valid JSON but no .NET string, and
    /// the API server (Go) would never send one, so it is bad input (HTTP 400), not a crash.
    /// </summary>
    private static string Text(Func<string> read, string path)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidDataException($"a string at {(path.Length == 0 ? "the top level" : path)} holds an unpaired UTF-16 surrogate escape", exception);
        }
    }
}
