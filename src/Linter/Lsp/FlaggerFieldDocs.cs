using System.Globalization;
using System.Reflection;
using CanaryGuard.Rules.Rules.Input;

namespace CanaryGuard.Linter.Lsp;

/// <summary>
/// The field documentation of Flagger's CRDs for hover and completion: each field's type and constraints from the
/// schema the rules validate with (<see cref="FlaggerSchema"/>), its description from <c>flagger-fields.tsv</c>,
/// embedded in the binary. That file is generated from Flagger v1.44's crd.yaml by
/// tests/Linter.Tests/Lsp/FlaggerFieldDocsTests.cs (<c>CANARYGUARD_UPDATE_GOLDEN=1</c>), which also proves it current.
/// </summary>
internal static class FlaggerFieldDocs
{
    public const string ResourceName = "lsp/flagger-fields.tsv";

    /// <summary>The segment of a sequence's items in a field path (<c>spec.analysis.metrics[].name</c>).</summary>
    public const string Items = "[]";

    private static readonly Lazy<Dictionary<string, string>> Descriptions = new(Load);

    /// <summary>The schema of a field of a kind, by its path from the object's root; null when the schema has no such field.</summary>
    public static CrdSchema? SchemaOf(string kind, IReadOnlyList<string> segments)
    {
        if (!FlaggerSchema.ByKind.TryGetValue(kind, out var schema))
        {
            return null;
        }

        foreach (var segment in segments)
        {
            schema = segment == Items ? schema.Items : schema.Properties.GetValueOrDefault(segment) ?? schema.AdditionalProperties;
            if (schema is null)
            {
                return null;
            }
        }

        return schema;
    }

    public static string? DescriptionOf(string kind, IReadOnlyList<string> segments) =>
        Descriptions.Value.GetValueOrDefault(Key(kind, segments));

    public static string Key(string kind, IReadOnlyList<string> segments) => kind + "\t" + Join(segments);

    /// <summary><c>spec.analysis.metrics[].name</c>.</summary>
    public static string Join(IReadOnlyList<string> segments) =>
        string.Concat(segments.Select((s, i) => s == Items || i == 0 ? s : "." + s));

    /// <summary>The type as the schema gives it, with its constraints: <c>integer (1-100)</c>, <c>string: one of a, b</c>.</summary>
    public static string TypeOf(CrdSchema schema)
    {
        var type = schema.IntOrString ? "integer or string"
            : schema.Type == CrdType.Array && schema.Items is { } items ? "array of " + TypeOf(items)
            : schema.Type == CrdType.Object && schema.Properties.Count == 0 && schema.AdditionalProperties is { } values ? "map of " + TypeOf(values)
            : schema.Type.ToString().ToLowerInvariant();
        var parts = new List<string>();
        if (schema.Minimum is not null || schema.Maximum is not null)
        {
            parts.Add($"{Number(schema.Minimum) ?? "…"} to {Number(schema.Maximum) ?? "…"}");
        }

        if (schema.Enum is { Count: > 0 } allowed)
        {
            parts.Add("one of " + string.Join(", ", allowed));
        }

        if (schema.Default is { } defaultValue)
        {
            parts.Add("default " + defaultValue);
        }

        return parts.Count == 0 ? type : $"{type} ({string.Join("; ", parts)})";
    }

    private static string? Number(double? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Load()
    {
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (fields.Length == 3)
            {
                descriptions[fields[0] + "\t" + fields[1]] = Unescape(fields[2]);
            }
        }

        return descriptions;
    }

    /// <summary>The file keeps one field a line: line breaks and backslashes in descriptions are escaped.</summary>
    public static string Escape(string description) =>
        description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", " ", StringComparison.Ordinal);

    private static string Unescape(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                builder.Append(text[++i] == 'n' ? '\n' : text[i]);
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
