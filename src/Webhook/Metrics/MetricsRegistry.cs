using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace CanaryGuard.Webhook.Metrics;

/// <summary>
/// A small Prometheus registry: labelled counters, one-series histograms and gauges, rendered in the text
/// exposition format 0.0.4. Thread-safe; families render in registration order, series in label order.
/// </summary>
public sealed class MetricsRegistry
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly List<IMetricFamily> families = [];

    public CounterFamily Counter(string name, string help, params string[] labelNames) => Register(new CounterFamily(name, help, labelNames));

    public Histogram Histogram(string name, string help, IReadOnlyList<double> upperBounds) => Register(new Histogram(name, help, upperBounds));

    /// <summary>A gauge whose value is read when the metrics are scraped; NaN leaves it out.</summary>
    public Gauge Gauge(string name, string help, Func<double> read) => Register(new Gauge(name, help, read));

    /// <summary>Gauges with labels whose series are all replaced at once (the findings of the last audit).</summary>
    public GaugeFamily GaugeFamily(string name, string help, params string[] labelNames) => Register(new GaugeFamily(name, help, labelNames));

    public string Render()
    {
        var text = new StringBuilder();
        lock (families)
        {
            foreach (var family in families)
            {
                family.Render(text);
            }
        }

        return text.ToString();
    }

    internal static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    internal static void Header(StringBuilder text, string name, string help, string type)
    {
        var escapedHelp = help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        text.Append("# HELP ").Append(name).Append(' ').Append(escapedHelp).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    internal static string Labels(IReadOnlyList<string> names, IReadOnlyList<string> values)
    {
        if (names.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder("{");
        for (var i = 0; i < names.Count; i++)
        {
            var escaped = values[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            text.Append(i == 0 ? string.Empty : ",").Append(names[i]).Append("=\"").Append(escaped).Append('"');
        }

        return text.Append('}').ToString();
    }

    private T Register<T>(T family)
        where T : IMetricFamily
    {
        lock (families)
        {
            if (families.Any(f => f.Name == family.Name))
            {
                throw new InvalidOperationException($"metric '{family.Name}' is already registered");
            }

            families.Add(family);
        }

        return family;
    }
}

internal interface IMetricFamily
{
    string Name { get; }

    void Render(StringBuilder text);
}

/// <summary>A counter with labels; each distinct label-value combination is one series.</summary>
public sealed class CounterFamily : IMetricFamily
{
    private readonly string help;
    private readonly string[] labelNames;
    private readonly ConcurrentDictionary<string, (string[] Values, long[] Count)> series = new(StringComparer.Ordinal);

    internal CounterFamily(string name, string help, string[] labelNames)
    {
        Name = name;
        this.help = help;
        this.labelNames = labelNames;
    }

    public string Name { get; }

    public void Increment(params string[] labelValues) => Add(1, labelValues);

    public void Add(long amount, params string[] labelValues)
    {
        if (labelValues.Length != labelNames.Length)
        {
            throw new ArgumentException($"'{Name}' takes {labelNames.Length} label values, got {labelValues.Length}", nameof(labelValues));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var entry = series.GetOrAdd(string.Join('\u0001', labelValues), _ => ([.. labelValues], new long[1]));
        Interlocked.Add(ref entry.Count[0], amount);
    }

    public long Value(params string[] labelValues) =>
        series.TryGetValue(string.Join('\u0001', labelValues), out var entry) ? Interlocked.Read(ref entry.Count[0]) : 0;

    void IMetricFamily.Render(StringBuilder text)
    {
        MetricsRegistry.Header(text, Name, help, "counter");
        foreach (var (_, (values, count)) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(Name).Append(MetricsRegistry.Labels(labelNames, values)).Append(' ')
                .Append(Interlocked.Read(ref count[0]).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}

/// <summary>A histogram of one series with fixed upper bounds (plus the implicit +Inf).</summary>
public sealed class Histogram : IMetricFamily
{
    private readonly string help;
    private readonly double[] upperBounds;
    private readonly long[] bucketCounts;
    private readonly Lock gate = new();
    private double sum;
    private long count;

    internal Histogram(string name, string help, IReadOnlyList<double> upperBounds)
    {
        Name = name;
        this.help = help;
        this.upperBounds = [.. upperBounds.Order()];
        bucketCounts = new long[this.upperBounds.Length];
    }

    public string Name { get; }

    public void Observe(double value)
    {
        lock (gate)
        {
            for (var i = 0; i < upperBounds.Length; i++)
            {
                if (value <= upperBounds[i])
                {
                    bucketCounts[i]++;
                }
            }

            sum += value;
            count++;
        }
    }

    void IMetricFamily.Render(StringBuilder text)
    {
        MetricsRegistry.Header(text, Name, help, "histogram");
        lock (gate)
        {
            for (var i = 0; i < upperBounds.Length; i++)
            {
                text.Append(Name).Append("_bucket{le=\"").Append(MetricsRegistry.FormatValue(upperBounds[i])).Append("\"} ")
                    .Append(bucketCounts[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            text.Append(Name).Append("_bucket{le=\"+Inf\"} ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            text.Append(Name).Append("_sum ").Append(MetricsRegistry.FormatValue(sum)).Append('\n');
            text.Append(Name).Append("_count ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}

/// <summary>A gauge read at scrape time.</summary>
public sealed class Gauge : IMetricFamily
{
    private readonly string help;
    private readonly Func<double> read;

    internal Gauge(string name, string help, Func<double> read)
    {
        Name = name;
        this.help = help;
        this.read = read;
    }

    public string Name { get; }

    void IMetricFamily.Render(StringBuilder text)
    {
        var value = read();
        MetricsRegistry.Header(text, Name, help, "gauge");
        if (!double.IsNaN(value))
        {
            text.Append(Name).Append(' ').Append(MetricsRegistry.FormatValue(value)).Append('\n');
        }
    }
}

/// <summary>A gauge with labels whose series are replaced together: a series missing from the last set is gone.</summary>
public sealed class GaugeFamily : IMetricFamily
{
    private readonly string help;
    private readonly string[] labelNames;
    private IReadOnlyList<(string[] Values, double Value)> series = [];

    internal GaugeFamily(string name, string help, string[] labelNames)
    {
        Name = name;
        this.help = help;
        this.labelNames = labelNames;
    }

    public string Name { get; }

    public void Replace(IEnumerable<(string[] Values, double Value)> values)
    {
        var all = values.ToList();
        if (all.Any(v => v.Values.Length != labelNames.Length))
        {
            throw new ArgumentException($"'{Name}' takes {labelNames.Length} label values", nameof(values));
        }

        Volatile.Write(ref series, [.. all.OrderBy(v => string.Join('\u0001', v.Values), StringComparer.Ordinal)]);
    }

    void IMetricFamily.Render(StringBuilder text)
    {
        MetricsRegistry.Header(text, Name, help, "gauge");
        foreach (var (values, value) in Volatile.Read(ref series))
        {
            text.Append(Name).Append(MetricsRegistry.Labels(labelNames, values)).Append(' ').Append(MetricsRegistry.FormatValue(value)).Append('\n');
        }
    }
}
