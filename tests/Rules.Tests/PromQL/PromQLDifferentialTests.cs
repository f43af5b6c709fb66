using System.Text.Json;
using CanaryGuard.Rules.PromQL;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.PromQL;

/// <summary>
/// Our parser against the real Prometheus 2.42: every generated query is sent as an instant query at a time in 1970
/// (nothing to read, so nothing to evaluate), and Prometheus' "bad_data" answer is its parser's rejection.
/// </summary>
public sealed class PromQLDifferentialTests
{
    private const int QueryCount = 6000;

    [Fact]
    public async Task EveryGeneratedQuery_IsAcceptedByUsExactlyWhenPrometheusAcceptsIt()
    {
        using var prometheus = RealPrometheus.Start();
        using var client = new HttpClient { BaseAddress = prometheus.Address, Timeout = TimeSpan.FromSeconds(30) };
        var queries = new PromQLQueryGenerator(seed: 20260421).Queries(QueryCount).ToList();
        var disagreements = new List<string>();
        var accepted = 0;
        foreach (var query in queries)
        {
            var (prometheusAccepts, prometheusError) = await PrometheusAccepts(client, query);
            var ours = PromQLParser.Parse(query);
            accepted += prometheusAccepts ? 1 : 0;
            if (prometheusAccepts != ours.Succeeded)
            {
                disagreements.Add($"{query}\n    prometheus: {(prometheusAccepts ? "accepts" : prometheusError)}\n    ours: {(ours.Succeeded ? "accepts" : ours.Error!.Message)}");
            }
        }

        Assert.True(
            disagreements.Count == 0,
            $"{disagreements.Count} of {queries.Count} queries decided differently ({accepted} accepted by Prometheus):\n{string.Join('\n', disagreements.Take(40))}");

        // Both sides of the decision were exercised, in earnest.
        Assert.InRange(accepted, queries.Count / 5, queries.Count * 4 / 5);
    }

    private static async Task<(bool Accepts, string Error)> PrometheusAccepts(HttpClient client, string query)
    {
        using var content = new FormUrlEncodedContent([new("query", query), new("time", "1")]);
        using var response = await client.PostAsync(new Uri("api/v1/query", UriKind.Relative), content);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        if (root.GetProperty("status").GetString() == "success")
        {
            return (true, string.Empty);
        }

        var error = root.GetProperty("error").GetString() ?? string.Empty;
        return root.GetProperty("errorType").GetString() == "bad_data" ? (false, error) : (true, error);
    }
}
