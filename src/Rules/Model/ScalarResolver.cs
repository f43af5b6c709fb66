using System.Buffers;
using System.Globalization;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// Types plain YAML scalars the way Kubernetes reads manifests (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1
/// resolution): <c>yes</c>/<c>on</c> are booleans, <c>1.10</c> is a float, <c>0x1F</c> an integer.
/// </summary>
public static class ScalarResolver
{
    // SearchValues, not the *InRange span methods: compiled ahead of time, those box every character they compare.
    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    /// <summary>The characters of a YAML float after its sign: digits, one dot, an exponent.</summary>
    private static readonly SearchValues<char> FloatCharacters = SearchValues.Create("0123456789.eE-+");

    private static readonly HashSet<string> Nulls = new(StringComparer.Ordinal) { "", "~", "null", "Null", "NULL" };

    private static readonly HashSet<string> Trues = new(StringComparer.Ordinal)
    {
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
    };

    private static readonly HashSet<string> Falses = new(StringComparer.Ordinal)
    {
        "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    };

    public static ScalarKind Resolve(string text, ScalarStyle style, string? tag)
    {
        if (tag is not null && tag.Length > 0 && tag != "!")
        {
            return tag switch
            {
                "tag:yaml.org,2002:str" => ScalarKind.String,
                "tag:yaml.org,2002:int" => TryParseInteger(text, out _) ? ScalarKind.Int : ScalarKind.String,
                "tag:yaml.org,2002:float" => TryParseFloat(text, out _) ? ScalarKind.Float : ScalarKind.String,
                "tag:yaml.org,2002:bool" => TryParseBool(text, out _) ? ScalarKind.Bool : ScalarKind.String,
                "tag:yaml.org,2002:null" => ScalarKind.Null,
                _ => ScalarKind.String,
            };
        }

        if (style != ScalarStyle.Plain)
        {
            return ScalarKind.String;
        }

        if (Nulls.Contains(text))
        {
            return ScalarKind.Null;
        }

        if (Trues.Contains(text) || Falses.Contains(text))
        {
            return ScalarKind.Bool;
        }

        if (TryParseInteger(text, out _))
        {
            return ScalarKind.Int;
        }

        return TryParseFloat(text, out _) ? ScalarKind.Float : ScalarKind.String;
    }

    public static bool TryParseBool(string text, out bool value)
    {
        value = Trues.Contains(text);
        return value || Falses.Contains(text);
    }

    public static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        var body = WithoutSeparators(text);
        if (body.Length == 0)
        {
            return false;
        }

        var negative = body[0] == '-';
        if (body[0] is '-' or '+')
        {
            body = body[1..];
        }

        if (body.Length == 0)
        {
            return false;
        }

        bool parsed;
        if (body.StartsWith("0x", StringComparison.Ordinal))
        {
            parsed = long.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
        else if (body.StartsWith("0b", StringComparison.Ordinal))
        {
            parsed = TryParseRadix(body[2..], 2, out value);
        }
        else if (body.StartsWith("0o", StringComparison.Ordinal))
        {
            parsed = TryParseRadix(body[2..], 8, out value);
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            parsed = TryParseRadix(body[1..], 8, out value);
        }
        else
        {
            parsed = !body.ContainsAnyExcept(Digits) && long.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        if (parsed && negative)
        {
            value = -value;
        }

        return parsed;
    }

    public static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
        }

        var body = WithoutSeparators(text);
        var digits = body.TrimStart("-+");
        if (digits.Length == 0 || !(char.IsAsciiDigit(digits[0]) || (digits[0] == '.' && digits.Length > 1 && char.IsAsciiDigit(digits[1]))))
        {
            return false;
        }

        // Only the YAML float shapes: digits, one dot, an optional exponent; never "Infinity", "NaN" or hex.
        if (digits.ContainsAnyExcept(FloatCharacters))
        {
            return false;
        }

        return double.TryParse(body, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// The text without YAML 1.1's '_' digit separators; every plain scalar is tried as a number, so the common case
    /// (none) makes no copy.
    /// </summary>
    private static ReadOnlySpan<char> WithoutSeparators(string text) =>
        text.Contains('_', StringComparison.Ordinal) ? text.Replace("_", string.Empty, StringComparison.Ordinal) : text;

    private static bool TryParseRadix(ReadOnlySpan<char> digits, int radix, out long value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            var digit = c - '0';
            if (digit < 0 || digit >= radix)
            {
                return false;
            }

            if (value > (long.MaxValue - digit) / radix)
            {
                return false;
            }

            value = (value * radix) + digit;
        }

        return true;
    }
}
