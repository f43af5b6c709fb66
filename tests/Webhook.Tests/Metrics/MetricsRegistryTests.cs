using CanaryGuard.Webhook.Metrics;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Metrics;

public sealed class MetricsRegistryTests
{
    [Fact]
    public void Counters_render_one_series_per_label_set_in_order_with_escaped_values()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("things_total", "Things seen.\nSecond line \\ backslash.", "kind", "note");
        counter.Increment("b", "plain");
        counter.Add(3, "a", "quote \" and \\ and\nnewline");
        counter.Increment("b", "plain");

        Assert.Equal(
            "# HELP things_total Things seen.\\nSecond line \\\\ backslash.\n" +
            "# TYPE things_total counter\n" +
            "things_total{kind=\"a\",note=\"quote \\\" and \\\\ and\\nnewline\"} 3\n" +
            "things_total{kind=\"b\",note=\"plain\"} 2\n",
            registry.Render());
        var parsed = PrometheusText.Parse(registry.Render());
        Assert.Equal(3, parsed.Value("things_total", ("kind", "a"), ("note", "quote \" and \\ and\nnewline")));
    }

    [Fact]
    public void Histograms_render_cumulative_buckets_sum_and_count()
    {
        var registry = new MetricsRegistry();
        var histogram = registry.Histogram("latency_seconds", "Latency.", [0.1, 1]);
        histogram.Observe(0.05);
        histogram.Observe(0.5);
        histogram.Observe(5);

        Assert.Equal(
            "# HELP latency_seconds Latency.\n# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{le=\"0.1\"} 1\nlatency_seconds_bucket{le=\"1\"} 2\nlatency_seconds_bucket{le=\"+Inf\"} 3\n" +
            "latency_seconds_sum 5.55\nlatency_seconds_count 3\n",
            registry.Render());
    }

    [Fact]
    public void Gauges_are_read_at_render_time_and_left_out_when_NaN()
    {
        var value = double.NaN;
        var registry = new MetricsRegistry();
        registry.Gauge("expiry_seconds", "Expiry.", () => value);

        Assert.Equal("# HELP expiry_seconds Expiry.\n# TYPE expiry_seconds gauge\n", registry.Render());
        value = 1700000000;
        Assert.EndsWith("expiry_seconds 1700000000\n", registry.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Label_count_and_names_are_checked()
    {
        var registry = new MetricsRegistry();
        var counter = registry.Counter("c_total", "C.", "a");

        Assert.Throws<ArgumentException>(() => counter.Increment("x", "y"));
        Assert.Throws<InvalidOperationException>(() => registry.Counter("c_total", "again"));
    }
}
