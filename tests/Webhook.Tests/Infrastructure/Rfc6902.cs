using System.Globalization;
using System.Text.Json.Nodes;

namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>
/// An independent RFC 6902 JSON Patch applier (all six operations, RFC 6901 pointers), written from the RFCs
/// for the tests only, so the webhook's patches are checked by code that shares nothing with the builder.
/// It passes the json-patch-tests conformance suite itself (see its tests). Failures throw <see cref="PatchException"/>.
/// </summary>
public static class Rfc6902
{
    public static JsonNode? Apply(JsonNode? document, JsonArray patch)
    {
        var result = document?.DeepClone();
        foreach (var operation in patch)
        {
            if (operation is not JsonObject op)
            {
                throw new PatchException("an operation is not an object");
            }

            var path = Member(op, "path");
            result = Member(op, "op") switch
            {
                "add" => Add(result, path, Value(op)),
                "remove" => Remove(result, path, out _),
                "replace" => Add(Remove(result, path, out _), path, Value(op)),
                "move" => Move(result, Member(op, "from"), path),
                "copy" => Add(result, path, Get(result, Member(op, "from"))?.DeepClone()),
                "test" => JsonNode.DeepEquals(Get(result, path), Value(op)) ? result : throw new PatchException($"test failed at '{path}'"),
                var unknown => throw new PatchException($"unknown op '{unknown}'"),
            };
        }

        return result;
    }

    public static IReadOnlyList<string> Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new PatchException($"pointer '{pointer}' does not start with '/'");
        }

        return [.. pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static string Member(JsonObject op, string name) =>
        op.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var text)
            ? text
            : throw new PatchException($"operation lacks a string '{name}'");

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw new PatchException("operation lacks 'value'");

    private static JsonNode? Move(JsonNode? document, string from, string path)
    {
        if (path.StartsWith(from + "/", StringComparison.Ordinal))
        {
            throw new PatchException($"cannot move '{from}' into its own child '{path}'");
        }

        var removed = Remove(document, from, out var value);
        return Add(removed, path, value);
    }

    private static JsonNode? Get(JsonNode? document, string pointer)
    {
        var current = document;
        foreach (var segment in Parse(pointer))
        {
            current = current switch
            {
                JsonObject map when map.TryGetPropertyValue(segment, out var child) => child,
                JsonArray array when Index(segment, array.Count - 1) is { } index => array[index],
                _ => throw new PatchException($"'{pointer}' does not exist"),
            };
        }

        return current;
    }

    private static JsonNode? Add(JsonNode? document, string pointer, JsonNode? value)
    {
        var segments = Parse(pointer);
        if (segments.Count == 0)
        {
            return value;
        }

        var parent = Get(document, ParentPointer(segments));
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject map:
                map[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when Index(last, array.Count) is { } index:
                array.Insert(index, value);
                break;
            default:
                throw new PatchException($"cannot add at '{pointer}'");
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string pointer, out JsonNode? removed)
    {
        var segments = Parse(pointer);
        if (segments.Count == 0)
        {
            removed = document;
            return null;
        }

        var parent = Get(document, ParentPointer(segments));
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject map when map.TryGetPropertyValue(last, out var child):
                map.Remove(last);
                removed = child;
                break;
            case JsonArray array when Index(last, array.Count - 1) is { } index:
                removed = array[index];
                array.RemoveAt(index);
                break;
            default:
                throw new PatchException($"'{pointer}' does not exist");
        }

        return document;
    }

    /// <summary>An array index as RFC 6901 allows it (digits, no leading zero) not above <paramref name="max"/>.</summary>
    private static int? Index(string segment, int max) =>
        segment.Length > 0 && segment.All(char.IsAsciiDigit) && (segment == "0" || segment[0] != '0')
            && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index <= max
            ? index
            : null;

    private static string ParentPointer(IReadOnlyList<string> segments) =>
        string.Concat(segments.Take(segments.Count - 1).Select(s => "/" + Escape(s)));

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}

public sealed class PatchException(string message) : Exception(message);
