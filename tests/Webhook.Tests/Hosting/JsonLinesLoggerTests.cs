using System.Text;
using System.Text.Json;
using CanaryGuard.Webhook.Hosting;
using Microsoft.Extensions.Logging;

namespace CanaryGuard.Webhook.Tests.Hosting;

/// <summary>The production log output: one JSON object per line, in the JSON console formatter's shape (docs/webhook.md).</summary>
public sealed class JsonLinesLoggerTests
{
    [Fact]
    public void A_decision_is_one_line_with_its_values_typed_in_State()
    {
        var lines = Logged(logger => Log.Decision(logger, "u-1", "validate", "Canary", "shop", "web", "CREATE", dryRun: true, allowed: false, "CG1005,CG1013", 1.25));

        var line = Assert.Single(lines);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(["Timestamp", "EventId", "LogLevel", "Category", "Message", "State"], root.EnumerateObject().Select(p => p.Name));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("Timestamp").GetString());
        Assert.Equal(1, root.GetProperty("EventId").GetInt32());
        Assert.Equal("Information", root.GetProperty("LogLevel").GetString());
        Assert.Equal("CanaryGuard.Webhook", root.GetProperty("Category").GetString());
        Assert.Equal("admission decision u-1 validate Canary shop/web CREATE dryRun=True allowed=False rules=CG1005,CG1013 in 1.25 ms", root.GetProperty("Message").GetString());
        var state = root.GetProperty("State");
        Assert.Equal("u-1", state.GetProperty("Uid").GetString());
        Assert.Equal("shop", state.GetProperty("ObjectNamespace").GetString());
        Assert.True(state.GetProperty("DryRun").GetBoolean());
        Assert.False(state.GetProperty("Allowed").GetBoolean());
        Assert.Equal(1.25, state.GetProperty("DurationMs").GetDouble());
        Assert.Equal(JsonValueKind.String, state.GetProperty("{OriginalFormat}").ValueKind);
    }

    [Fact]
    public void An_exception_is_written_with_its_line_breaks_escaped()
    {
        var failure = new InvalidOperationException("first line\nsecond line");

        var line = Assert.Single(Logged(logger => logger.LogError(failure, "it failed")));

        using var json = JsonDocument.Parse(line);
        Assert.Equal("Error", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.Contains("first line\nsecond line", json.RootElement.GetProperty("Exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_from_many_threads_arrive_whole()
    {
        const int Threads = 8, PerThread = 2_000;

        var lines = Logged(logger => Parallel.For(0, Threads * PerThread, i => Log.BadRequest(logger, "validate", $"request {i}")));

        Assert.Equal(Threads * PerThread, lines.Count);
        Assert.Equal(Threads * PerThread, lines.Select(ErrorOf).ToHashSet(StringComparer.Ordinal).Count);
    }

    [Fact]
    public void More_than_the_pending_limit_is_all_written()
    {
        var padding = new string('x', 100_000);
        var count = (2 * JsonLinesLoggerProvider.MaxPendingBytes / padding.Length) + 1;

        var lines = Logged(logger =>
        {
            for (var i = 0; i < count; i++)
            {
                Log.BadRequest(logger, "validate", padding);
            }
        });

        Assert.Equal(count, lines.Count);
    }

    private static string ErrorOf(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("State").GetProperty("Error").GetString()!;
    }

    /// <summary>The lines written by the time the provider is disposed.</summary>
    private static List<string> Logged(Action<ILogger> log)
    {
        using var output = new MemoryStream();
        using (var provider = new JsonLinesLoggerProvider(output))
        {
            log(provider.CreateLogger("CanaryGuard.Webhook"));
        }

        return [.. Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
