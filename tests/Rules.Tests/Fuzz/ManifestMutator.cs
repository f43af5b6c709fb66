using System.Text;

namespace CanaryGuard.Rules.Tests.Fuzz;

/// <summary>
/// Seeded, reproducible mutations of real manifests: the shapes hostile or broken input takes in practice
/// (truncation, flipped characters, wrong types, huge and negative numbers, deep nesting, anchors, alias bombs,
/// tags, merge keys, BOMs, CRLF, tabs, invalid UTF-8, duplicate keys).
/// </summary>
public sealed class ManifestMutator(int seed)
{
    private static readonly string[] HostileValues =
    [
        "-1", "0", "99999999999999999999999", "1e309", "-1e309", "NaN", ".nan", ".inf", "-.inf", "Infinity", "\"\"", "''",
        "~", "null", "true", "yes", "on", "0x7FFFFFFFFFFFFFFF", "0o777", "1.10", "[]", "{}", "[1, [2, [3]]]", "{a: {b: {c: d}}}",
        "!!binary aGVsbG8=", "!!str 5", "!!int x", "!!float abc", "&anchor value", "*anchor", "*missing", "<<: *anchor",
        "\"\\u0000\"", "\"\\uD800\"", "\"\\xff\"", "|\n  literal", ">-\n  folded", "'unterminated", "\"unterminated", "{unclosed: 1",
        "[unclosed", "- - -", ": :", "? complex\n: key", "%YAML 1.1", "---", "...", "\t", "0s", "1m", "-1m", "1h1h", "2562048h",
    ];

    private readonly Random random = new(seed);

    public string Mutate(string text)
    {
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            text = MutateOnce(text);
        }

        return text;
    }

    private string MutateOnce(string text)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(16))
        {
            case 0:
                return text[..random.Next(text.Length + 1)];
            case 1:
                return FlipCharacter(text);
            case 2:
                return ReplaceValue(lines, HostileValues[random.Next(HostileValues.Length)]);
            case 3:
                return ReplaceValue(lines, new string('x', random.Next(1, 200_000)));
            case 4:
                return ReplaceValue(lines, string.Concat(Enumerable.Repeat("[", random.Next(10, 200))) + string.Concat(Enumerable.Repeat("]", random.Next(10, 200))));
            case 5:
                return AliasBomb() + "\n---\n" + text;
            case 6:
                return "\uFEFF" + text;
            case 7:
                return text.Replace("\n", "\r\n", StringComparison.Ordinal);
            case 8:
                return text.Replace("  ", "\t", StringComparison.Ordinal);
            case 9:
                return InvalidUtf8(text);
            case 10:
                if (lines.Count > 1)
                {
                    var at = random.Next(lines.Count);
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                }

                return string.Join('\n', lines);
            case 11:
                if (lines.Count > 1)
                {
                    lines.RemoveAt(random.Next(lines.Count));
                }

                return string.Join('\n', lines);
            case 12:
                return ReplaceValue(lines, "&a " + HostileValues[random.Next(HostileValues.Length)]) + "\nextra: *a\n";
            case 13:
                return Indent(lines);
            case 14:
                return ReplaceValue(lines, "\"" + RandomUnicode() + "\"");
            default:
                return text + "\n" + HostileValues[random.Next(HostileValues.Length)];
        }
    }

    private string FlipCharacter(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var characters = text.ToCharArray();
        characters[random.Next(characters.Length)] = (char)random.Next(0, 0x3000);
        return new string(characters);
    }

    /// <summary>Replaces the value part of a random "key: value" line (or appends one), at any depth.</summary>
    private string ReplaceValue(List<string> lines, string value)
    {
        var candidates = Enumerable.Range(0, lines.Count).Where(i => lines[i].Contains(": ", StringComparison.Ordinal)).ToList();
        if (candidates.Count == 0)
        {
            return string.Join('\n', lines) + "\nvalue: " + value;
        }

        var index = candidates[random.Next(candidates.Count)];
        var colon = lines[index].IndexOf(": ", StringComparison.Ordinal);
        lines[index] = lines[index][..(colon + 2)] + value;
        return string.Join('\n', lines);
    }

    private string Indent(List<string> lines)
    {
        if (lines.Count > 0)
        {
            var index = random.Next(lines.Count);
            lines[index] = new string(' ', random.Next(1, 7)) + lines[index];
        }

        return string.Join('\n', lines);
    }

    private static string AliasBomb()
    {
        var builder = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            var previous = $"*a{i - 1}";
            builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]\n");
        }

        return builder.ToString();
    }

    private string InvalidUtf8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        bytes.Insert(random.Next(bytes.Count + 1), (byte)(0x80 + random.Next(0x40)));
        bytes.Insert(random.Next(bytes.Count + 1), 0xFF);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private string RandomUnicode()
    {
        var builder = new StringBuilder();
        var length = random.Next(1, 40);
        for (var i = 0; i < length; i++)
        {
            builder.Append((char)random.Next(0x20, 0xD7FF));
        }

        return builder.ToString().Replace("\"", string.Empty, StringComparison.Ordinal).Replace("\\", string.Empty, StringComparison.Ordinal);
    }
}
