using System.Globalization;
using System.Text.RegularExpressions;

namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>One sample line of the Prometheus text format.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A strict reader of the Prometheus text exposition format 0.0.4, for reading /metrics back.</summary>
public sealed partial class PrometheusText
{
    private PrometheusText(Dictionary<string, string> types, Dictionary<string, string> help, List<Sample> samples)
    {
        Types = types;
        Help = help;
        Samples = samples;
    }

    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyDictionary<string, string> Help { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var types = new Dictionary<string, string>();
        var help = new Dictionary<string, string>();
        var samples = new List<Sample>();
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                help.Add(rest[..rest.IndexOf(' ', StringComparison.Ordinal)], rest[(rest.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                types.Add(parts[2], parts[3]);
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: '{line}'");
            var labels = new Dictionary<string, string>();
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
            {
                labels.Add(label.Groups["name"].Value, Regex.Unescape(label.Groups["value"].Value));
            }

            var name = match.Groups["name"].Value;
            var family = new[] { "_bucket", "_sum", "_count" }.Select(s => name.EndsWith(s, StringComparison.Ordinal) ? name[..^s.Length] : null)
                .FirstOrDefault(f => f is not null && types.GetValueOrDefault(f) == "histogram") ?? name;
            Assert.True(types.ContainsKey(family), $"sample '{name}' before its # TYPE line");
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new Sample(name, labels, value));
        }

        return new PrometheusText(types, help, samples);
    }

    public double? Value(string name, params (string Name, string Value)[] labels) =>
        Samples.FirstOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value))?.Value;

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();
}
