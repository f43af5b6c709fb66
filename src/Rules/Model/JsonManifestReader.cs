using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// Turns a JSON value (an AdmissionReview's <c>object</c>, a look-up from the API server) into the same
/// manifest tree rules read, with paths but no source positions. Input over the depth or node-count limit of
/// <see cref="ParseLimits"/> is refused with <see cref="UnsafeJsonInputException"/> (CG0008) before the tree grows.
/// </summary>
public static class JsonManifestReader
{
    private const int MaxPathInMessage = 120;

    /// <summary>A JSON object's key: always a string in double quotes, with no position (admission input has none).</summary>
    private static readonly KeyRange JsonKey = new(TextRange.None, ScalarStyle.DoubleQuoted);

    /// <exception cref="UnsafeJsonInputException">The value is over a limit of <paramref name="limits"/>.</exception>
    /// <exception cref="InvalidDataException">The value holds a string that is no .NET string.</exception>
    public static ManifestNode Read(JsonElement element, ParseLimits? limits = null)
    {
        var nodes = 0;
        return Read(element, string.Empty, KeyRange.None, 0, limits ?? ParseLimits.Default, ref nodes);
    }

    private static ManifestNode Read(JsonElement element, string path, KeyRange key, int depth, ParseLimits limits, ref int nodes)
    {
        if (depth > limits.MaxDepth)
        {
            throw new UnsafeJsonInputException($"nesting deeper than {limits.MaxDepth} levels at {Where(path)}");
        }

        if (++nodes > limits.MaxJsonNodes)
        {
            throw new UnsafeJsonInputException($"more than {limits.MaxJsonNodes} values (the last at {Where(path)})");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // Duplicate names are kept as the YAML reader keeps them (the last wins, earlier ones recorded for CG0002).
                var positions = new KeyPositions();
                List<ScalarNode>? duplicates = null;
                foreach (var property in element.EnumerateObject())
                {
                    var name = Text(property, static p => p.Name, path);
                    var value = Read(property.Value, ManifestNode.ChildPath(path, name), JsonKey, depth + 1, limits, ref nodes);
                    var entry = new MappingEntry(name, value);
                    var earlier = positions.IndexOf(name);
                    if (earlier >= 0)
                    {
                        (duplicates ??= []).Add(positions.Entries[earlier].Key);
                        positions.Entries[earlier] = entry;
                    }
                    else
                    {
                        positions.Add(entry);
                    }
                }

                return new MappingNode(path, null, TextRange.None, key, CollectionsMarshal.AsSpan(positions.Entries), duplicates ?? (IReadOnlyList<ScalarNode>)[]);
            case JsonValueKind.Array:
                var items = new ManifestNode[element.GetArrayLength()];
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[index] = Read(item, ManifestNode.ItemPath(path, index), KeyRange.None, depth + 1, limits, ref nodes);
                    index++;
                }

                return new SequenceNode(path, null, TextRange.None, key, items);
            case JsonValueKind.String:
                return new ScalarNode(path, null, TextRange.None, key, Text(element, static e => e.GetString()!, path), ScalarStyle.DoubleQuoted, ScalarKind.String);
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                var isInteger = element.TryGetInt64(out _);
                return new ScalarNode(path, null, TextRange.None, key, isInteger ? raw : element.GetDouble().ToString("R", CultureInfo.InvariantCulture), ScalarStyle.Plain, isInteger ? ScalarKind.Int : ScalarKind.Float);
            case JsonValueKind.True:
                return new ScalarNode(path, null, TextRange.None, key, "true", ScalarStyle.Plain, ScalarKind.Bool);
            case JsonValueKind.False:
                return new ScalarNode(path, null, TextRange.None, key, "false", ScalarStyle.Plain, ScalarKind.Bool);
            default:
                return new ScalarNode(path, null, TextRange.None, key, "null", ScalarStyle.Plain, ScalarKind.Null);
        }
    }

    /// <summary>
    /// A JSON string or key; an escaped lone surrogate (<c>"\uD800"</c>) is valid JSON but no .NET string, and
    /// the API server (Go) would never send one, so it is bad input (HTTP 400), not a crash.
    /// </summary>
    private static string Text<TSource>(TSource source, Func<TSource, string> read, string path)
    {
        try
        {
            return read(source);
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidDataException($"a string at {Where(path)} holds an unpaired UTF-16 surrogate escape", exception);
        }
    }

    /// <summary>A path for a message, shortened: keys can be as long as the input, and messages are logged.</summary>
    private static string Where(string path) => path.Length switch
    {
        0 => "the top level",
        <= MaxPathInMessage => path,
        _ => string.Concat(path.AsSpan(0, MaxPathInMessage), "…"),
    };
}
