using System.Globalization;
using System.Text;

namespace CanaryGuard.Rules.Templates;

/// <summary>Go's fmt for the verbs templates use (%s %v %d %q %f %x %%), with Go's marks for missing, extra and mismatched operands.</summary>
internal static class GoFormat
{
    public static string Sprintf(string format, IReadOnlyList<object?> operands)
    {
        var result = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                result.Append(format[i]);
                continue;
            }

            if (++i >= format.Length)
            {
                result.Append("%!(NOVERB)");
                break;
            }

            var verb = format[i];
            if (verb == '%')
            {
                result.Append('%');
                continue;
            }

            if (next >= operands.Count)
            {
                result.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }

            result.Append(Verb(verb, operands[next++]));
        }

        if (next < operands.Count)
        {
            result.Append("%!(EXTRA ").Append(string.Join(", ", operands.Skip(next).Select(o => FlaggerTemplate.GoType(o) + "=" + FlaggerTemplate.Print(o)))).Append(')');
        }

        return result.ToString();
    }

    /// <summary>fmt.Sprint: operands side by side, a space between two when neither is a string.</summary>
    public static string Sprint(IReadOnlyList<object?> operands)
    {
        var result = new StringBuilder();
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0 && operands[i] is not string && operands[i - 1] is not string)
            {
                result.Append(' ');
            }

            result.Append(FlaggerTemplate.Print(operands[i]));
        }

        return result.ToString();
    }

    /// <summary>A float64 as %v prints it: the shortest representation, exponent form from 1e21.</summary>
    public static string Float(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string Verb(char verb, object? operand) => (verb, operand) switch
    {
        ('s' or 'v', _) => FlaggerTemplate.Print(operand),
        ('q', string s) => Quote(s),
        ('d', long l) => l.ToString(CultureInfo.InvariantCulture),
        ('x', long l) => l.ToString("x", CultureInfo.InvariantCulture),
        ('x', string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
        ('f', double d) => d.ToString("F6", CultureInfo.InvariantCulture),
        _ => $"%!{verb}({FlaggerTemplate.GoType(operand)}={FlaggerTemplate.Print(operand)})",
    };

    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
