using System.Globalization;

namespace CanaryGuard.Rules.Model;

/// <summary>Go's <c>time.ParseDuration</c>, which Flagger uses for every interval: <c>1m30s</c>, <c>1.5h</c>, <c>300ms</c>.</summary>
public static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("ns", 0.01),
        ("us", 10),
        ("µs", 10),
        ("μs", 10),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var rest = text.AsSpan();
        var negative = rest[0] == '-';
        if (rest[0] is '-' or '+')
        {
            rest = rest[1..];
        }

        if (rest.SequenceEqual("0"))
        {
            return true;
        }

        if (rest.IsEmpty)
        {
            return false;
        }

        double ticks = 0;
        while (!rest.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
            {
                numberLength++;
            }

            var number = rest[..numberLength];
            if (number.IsEmpty || number.SequenceEqual(".") || number.Count('.') > 1
                || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            rest = rest[numberLength..];
            var unitLength = 0;
            while (unitLength < rest.Length && !char.IsAsciiDigit(rest[unitLength]) && rest[unitLength] != '.')
            {
                unitLength++;
            }

            var unit = rest[..unitLength];
            var scale = UnitTicks(unit);
            if (scale is null)
            {
                return false;
            }

            ticks += value * scale.Value;
            rest = rest[unitLength..];
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>Formats as Go prints durations (<c>2m30s</c>, <c>1h0m0s</c>), for messages.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = duration < TimeSpan.Zero ? "-" : string.Empty;
        duration = duration.Duration();
        var seconds = duration.Seconds + (duration.Milliseconds / 1000.0);
        var secondsText = seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            return $"{sign}{hours}h{duration.Minutes}m{secondsText}";
        }

        return duration.Minutes > 0 ? $"{sign}{duration.Minutes}m{secondsText}" : sign + secondsText;
    }

    private static double? UnitTicks(ReadOnlySpan<char> unit)
    {
        foreach (var (name, ticks) in Units)
        {
            if (unit.SequenceEqual(name))
            {
                return ticks;
            }
        }

        return null;
    }
}
