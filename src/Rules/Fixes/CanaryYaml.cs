using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// Writes a generated Canary (<see cref="Generation.CanaryGenerator"/>) as block-style YAML, two spaces per level,
/// sequences of mappings as <c>- key: value</c>. A string is written plain when YAML reads it back as the same
/// string, otherwise double-quoted.
/// </summary>
public static partial class CanaryYaml
{
    private static readonly HashSet<string> ReservedPlain = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    public static string Render(JsonObject canary, string newLine)
    {
        var builder = new StringBuilder();
        WriteMapping(builder, canary, 0, firstLinePrefix: null, newLine);
        return builder.ToString();
    }

    private static void WriteMapping(StringBuilder builder, JsonObject mapping, int indent, string? firstLinePrefix, string newLine)
    {
        var first = true;
        foreach (var (key, value) in mapping)
        {
            builder.Append(first && firstLinePrefix is not null ? firstLinePrefix : new string(' ', indent)).Append(key).Append(':');
            first = false;
            WriteValue(builder, value, indent, newLine);
        }
    }

    private static void WriteValue(StringBuilder builder, JsonNode? value, int indent, string newLine)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } nested:
                builder.Append(newLine);
                WriteMapping(builder, nested, indent + 2, firstLinePrefix: null, newLine);
                break;
            case JsonArray { Count: > 0 } items:
                builder.Append(newLine);
                foreach (var item in items)
                {
                    if (item is JsonObject { Count: > 0 } entry)
                    {
                        WriteMapping(builder, entry, indent + 4, firstLinePrefix: new string(' ', indent + 2) + "- ", newLine);
                    }
                    else
                    {
                        builder.Append(' ', indent + 2).Append("- ").Append(Scalar(item)).Append(newLine);
                    }
                }

                break;
            default:
                builder.Append(' ').Append(Scalar(value)).Append(newLine);
                break;
        }
    }

    private static string Scalar(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        _ when value.GetValueKind() == JsonValueKind.String => Text(value.GetValue<string>()),
        _ => value.ToJsonString(),
    };

    private static string Text(string value) =>
        SafePlain().IsMatch(value) && !ReservedPlain.Contains(value) && !LooksLikeDate().IsMatch(value)
        && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? value
            : YamlValue.Quote(value);

    /// <summary>Names, versions, durations and paths: nothing a YAML reader would take for another type or syntax.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex SafePlain();

    /// <summary>YAML 1.1 reads these as timestamps.</summary>
    [GeneratedRegex("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")]
    private static partial Regex LooksLikeDate();
}
