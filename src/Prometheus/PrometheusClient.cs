using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace CanaryGuard.Prometheus;

/// <summary>The result of an instant query: the series' values, or why there are none.</summary>
public sealed record InstantQueryResult(IReadOnlyList<SeriesValue> Series, string? Error)
{
    public bool Failed => Error is not null;
}

/// <summary>One series of a result: its labels and value (a scalar result is one series without labels).</summary>
public sealed record SeriesValue(IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// The parts of Prometheus' HTTP API that a metric check needs: instant queries (as Flagger runs them) and series
/// look-ups (to say which label values exist when a selector matches nothing). Connection failures and timeouts are
/// results, never exceptions.
/// </summary>
public sealed class PrometheusClient(HttpClient http)
{
    public async Task<InstantQueryResult> QueryAsync(Uri server, string query, CancellationToken cancellation = default)
    {
        var (body, error) = await PostAsync(server, "api/v1/query", [new("query", query)], cancellation);
        if (body is null)
        {
            return new InstantQueryResult([], error);
        }

        using (body)
        {
            var data = body.RootElement.GetProperty("data");
            var result = data.GetProperty("result");
            return data.GetProperty("resultType").GetString() switch
            {
                "vector" => new InstantQueryResult([.. result.EnumerateArray().Select(s => new SeriesValue(Labels(s.GetProperty("metric")), Number(s.GetProperty("value")[1])))], null),
                "scalar" => new InstantQueryResult([new SeriesValue(new Dictionary<string, string>(), Number(result[1]))], null),
                var other => new InstantQueryResult([], $"the query returns a {other}, not a number"),
            };
        }
    }

    /// <summary>The label sets of the series a selector matches over the last <paramref name="lookBack"/>; null with an error.</summary>
    public async Task<(IReadOnlyList<IReadOnlyDictionary<string, string>>? Series, string? Error)> SeriesAsync(Uri server, string selector, TimeSpan lookBack, CancellationToken cancellation = default)
    {
        var now = DateTimeOffset.UtcNow;
        var (body, error) = await PostAsync(
            server,
            "api/v1/series",
            [new("match[]", selector), new("start", Seconds(now - lookBack)), new("end", Seconds(now))],
            cancellation);
        if (body is null)
        {
            return (null, error);
        }

        using (body)
        {
            return ([.. body.RootElement.GetProperty("data").EnumerateArray().Select(Labels)], null);
        }
    }

    private async Task<(JsonDocument? Body, string? Error)> PostAsync(Uri server, string path, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellation)
    {
        var endpoint = new Uri(server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/"), path);
        try
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await http.PostAsync(endpoint, content, cancellation);
            var text = await response.Content.ReadAsStringAsync(cancellation);
            JsonDocument body;
            try
            {
                body = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                return (null, $"{endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase} with something that is not Prometheus' JSON");
            }

            if (body.RootElement.TryGetProperty("status", out var status) && status.GetString() == "success")
            {
                return (body, null);
            }

            var message = body.RootElement.TryGetProperty("error", out var error) ? error.GetString() : $"{(int)response.StatusCode} {response.ReasonPhrase}";
            body.Dispose();
            return (null, $"Prometheus answered: {message}");
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return (null, $"{endpoint} did not answer within {http.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is SocketException socket ? socket.Message : e.Message;
            return (null, $"cannot reach {endpoint}: {reason}");
        }
    }

    private static Dictionary<string, string> Labels(JsonElement labels) =>
        labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);

    /// <summary>Prometheus writes sample values as strings: "1.5", "NaN", "+Inf".</summary>
    private static double Number(JsonElement value) => value.GetString() switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var text => double.Parse(text ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
