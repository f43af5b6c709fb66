namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// A small YAML value a fix inserts: a scalar already written as YAML text, or a mapping of such values. It is
/// rendered in the style of the place it goes (block or flow); existing text is never re-serialised.
/// </summary>
public sealed class YamlValue
{
    private YamlValue(string? scalar, IReadOnlyList<(string Key, YamlValue Value)>? entries)
    {
        Scalar = scalar;
        Entries = entries;
    }

    /// <summary>The YAML text of a scalar (quotes included when needed); null for a mapping.</summary>
    public string? Scalar { get; }

    public IReadOnlyList<(string Key, YamlValue Value)>? Entries { get; }

    public static YamlValue Text(string yaml) => new(yaml, null);

    public static YamlValue Map(params (string Key, YamlValue Value)[] entries) => new(null, entries);

    /// <summary>A string scalar in double quotes, escaped as YAML requires.</summary>
    public static YamlValue Quoted(string value) => new(Quote(value), null);

    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Flow style: <c>{min: 99}</c>.</summary>
    public string Flow() => Scalar ?? "{" + string.Join(", ", Entries!.Select(e => $"{e.Key}: {e.Value.Flow()}")) + "}";

    /// <summary>
    /// <c>key: value</c> in block style, the first line without indentation and nested lines indented by
    /// <paramref name="indent"/> + <paramref name="step"/> per level.
    /// </summary>
    public static string BlockEntry(string key, YamlValue value, int indent, int step, string newLine)
    {
        if (value.Scalar is not null)
        {
            return $"{key}: {value.Scalar}";
        }

        var inner = indent + step;
        return key + ":" + string.Concat(value.Entries!.Select(e => newLine + new string(' ', inner) + BlockEntry(e.Key, e.Value, inner, step, newLine)));
    }
}
