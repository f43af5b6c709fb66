using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.PromQL;
using CanaryGuard.Rules.Templates;
using CanaryGuard.Rules.Views;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.PromQL;

/// <summary>
/// The parser on the query shapes of Flagger's docs, examples and builtin queries, and on the accept/reject facts of
/// Prometheus' own parser tests (promql/parser/parse_test.go), restated as queries and outcomes.
/// </summary>
public sealed class PromQLParserTests
{
    public static TheoryData<string> FlaggerQueries()
    {
        var data = new TheoryData<string>
        {
            // Flagger's builtin Istio queries (pkg/metrics/observers/istio.go), rendered.
            "sum(rate(istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"test\",destination_workload=~\"podinfo\",response_code!~\"5.*\"}[1m])) / sum(rate(istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"test\",destination_workload=~\"podinfo\"}[1m])) * 100",
            "histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{reporter=\"destination\",destination_workload_namespace=\"test\",destination_workload=~\"podinfo\"}[1m])) by (le))",
            "100 - sum(rate(grpc_server_handled_total{grpc_code!=\"OK\",kubernetes_namespace=\"test\",kubernetes_pod_name=~\"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\"}[1m])) / sum(rate(grpc_server_started_total{kubernetes_namespace=\"test\",kubernetes_pod_name=~\"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\"}[1m])) * 100",
            "sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=~\"test-podinfo-canary-[0-9a-zA-Z-]+\",envoy_response_code!~\"5.*\"}[1m])) / sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=~\"test-podinfo-canary-[0-9a-zA-Z-]+\"}[1m])) * 100",
            "sum(rate(skipper_serve_route_duration_seconds_count{route=~\"kube(ew)?_test__podinfo_canary__.*__podinfo_canary(_[0-9]+)?\",code!~\"5..\"}[1m])) / sum(rate(skipper_serve_route_duration_seconds_count{route=~\"kube(ew)?_test__podinfo_canary__.*__podinfo_canary(_[0-9]+)?\"}[1m])) * 100",
            "histogram_quantile(0.99, sum(rate(response_latency_ms_bucket{namespace=\"test\", deployment=~\"podinfo\", direction=\"inbound\"}[1m])) by (le))",
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(FlaggerQueries))]
    public void FlaggersQueryShapes_Parse(string query) => Assert.True(PromQLParser.Parse(query).Succeeded, PromQLParser.Parse(query).Error?.Message);

    /// <summary>
    /// Every Prometheus MetricTemplate of Flagger's docs and tests renders and parses, but two: the blue/green and Gloo
    /// tutorials' templates lack a comma between two matchers, and Prometheus rejects them as well.
    /// </summary>
    [Fact]
    public void EveryPrometheusMetricTemplateInFlaggersDocs_ParsesOnceRendered_ButTheTwoWithAMissingComma()
    {
        var folder = SharedData.Path("flagger", "metrictemplates");
        var parsed = new List<string>();
        var rejected = new List<string>();
        foreach (var file in Directory.GetFiles(folder))
        {
            foreach (var resource in KubernetesResource.FromFile(YamlManifestReader.Read(file, File.ReadAllText(file))))
            {
                if (MetricTemplateView.From(resource) is { ProviderType: "prometheus", Query: { IsNull: false } query })
                {
                    var result = MetricQuery.FromTemplate(query, FlaggerTemplateData.StandIn);
                    Assert.True(result.Rendered!.Succeeded, $"{file}: {result.Rendered.Error?.Message}");
                    (result.Parse!.Succeeded ? parsed : rejected).Add($"{Path.GetFileName(file)}: {result.Parse.Error?.Message}");
                }
            }
        }

        Assert.Equal(
            ["docs__gitbook__tutorials__gloo-progressive-delivery.md.yaml", "docs__gitbook__tutorials__kubernetes-blue-green.md.yaml"],
            rejected.Select(r => r.Split(':')[0]).Order(StringComparer.Ordinal));
        Assert.All(rejected, r => Assert.EndsWith("unexpected identifier \"status\", expected \",\" or \"}\"", r, StringComparison.Ordinal));
        Assert.True(parsed.Count >= 10, $"only {parsed.Count} prometheus templates found in {folder}");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("+Inf")]
    [InlineData("-NaN")]
    [InlineData("0x1f")]
    [InlineData("1 + 1")]
    [InlineData("1 == bool 1")]
    [InlineData("foo * bar")]
    [InlineData("foo == 1")]
    [InlineData("foo and bar")]
    [InlineData("foo + on(bar) group_left(test) baz")]
    [InlineData("foo * ignoring() group_right baz")]
    [InlineData("foo offset 5m")]
    [InlineData("foo offset -7m")]
    [InlineData("foo @ 1603775091")]
    [InlineData("foo @ start()")]
    [InlineData("foo[5m] @ end() offset 1m")]
    [InlineData("foo:bar{a=\"bc\"}")]
    [InlineData("{__name__=~\"foo.+\"}")]
    [InlineData("foo{NaN='bc'}")]
    [InlineData("sum by (foo) (some_metric)")]
    [InlineData("sum(some_metric) without (foo)")]
    [InlineData("topk(5, some_metric)")]
    [InlineData("count_values(\"value\", some_metric)")]
    [InlineData("rate(some_metric[5m])")]
    [InlineData("round(some_metric, 5)")]
    [InlineData("label_join(foo, \"a\", \",\", \"b\", \"c\")")]
    [InlineData("min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:5s])")]
    [InlineData("foo[10m:] offset 5m")]
    [InlineData("`raw \\n string`")]
    public void PrometheusAccepts(string query) => Assert.True(PromQLParser.Parse(query).Succeeded, PromQLParser.Parse(query).Error?.Message);

    [Theory]
    [InlineData("", "unexpected end of input")]
    [InlineData("1 == 1", "comparisons between scalars must use BOOL modifier")]
    [InlineData("1 and 1", "set operator \"and\" not allowed in binary scalar expression")]
    [InlineData("foo + bool bar", "bool modifier can only be used on comparison operators")]
    [InlineData("foo and on(bar) group_left(baz) bar", "no grouping allowed for \"and\" operation")]
    [InlineData("foo + on(bar) group_left(bar) baz", "label \"bar\" must not occur in ON and GROUP clause at once")]
    [InlineData("1 + on(foo) 2", "vector matching only allowed between instant vectors")]
    [InlineData("{}", "vector selector must contain at least one non-empty matcher")]
    [InlineData("{x=\"\"}", "vector selector must contain at least one non-empty matcher")]
    [InlineData("foo{__name__=\"bar\"}", "metric name must not be set twice")]
    [InlineData("foo{a=~\"(\"}", "error parsing regexp")]
    [InlineData("foo[5mm]", "bad number or duration syntax")]
    [InlineData("foo[0m]", "duration must be greater than 0")]
    [InlineData("(foo)[5m]", "ranges only allowed for vector selectors")]
    [InlineData("foo offset 5m[5m]", "no offset modifiers allowed before range")]
    [InlineData("foo offset 1m offset 2m", "offset may not be set multiple times")]
    [InlineData("(foo) offset 1m", "offset modifier must be preceded by an instant vector selector")]
    [InlineData("foo @ 1 @ 2", "@ <timestamp> may not be set multiple times")]
    [InlineData("rate(foo)", "expected type range vector in call to function \"rate\", got instant vector")]
    [InlineData("rate(foo[5m], 1)", "expected 1 argument(s) in call to \"rate\", got 2")]
    [InlineData("label_join(foo)", "expected at least 3 argument(s) in call to \"label_join\", got 1")]
    [InlineData("rate(foo[5m],)", "trailing commas not allowed in function call args")]
    [InlineData("nonexistent(foo)", "unknown function with name \"nonexistent\"")]
    [InlineData("sum()", "no arguments for aggregate expression provided")]
    [InlineData("topk(foo)", "wrong number of arguments for aggregate expression provided, expected 2, got 1")]
    [InlineData("count_values(5, foo)", "expected type string in aggregation parameter, got scalar")]
    [InlineData("sum(foo[5m])", "expected type instant vector in aggregation expression, got range vector")]
    [InlineData("-foo[5m]", "unary expression only allowed on expressions of type scalar or instant vector")]
    [InlineData("foo[5m] + 1", "binary expression must contain only scalar and instant vector types")]
    [InlineData("foo[5m][10m:]", "subquery is only allowed on instant vector, got range vector instead")]
    [InlineData("\"a\\q\"", "unknown escape sequence")]
    [InlineData("foo{a=\"b\"", "unexpected end of input inside braces")]
    [InlineData("sum(foo", "unclosed left parenthesis")]
    [InlineData("1e400", "error parsing number")]
    [InlineData("foo !~ bar", "unexpected character after '!'")]
    public void PrometheusRejects(string query, string message)
    {
        var result = PromQLParser.Parse(query);
        Assert.False(result.Succeeded, $"{query} was accepted");
        Assert.Contains(message, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Positions_AreOffsetsIntoTheQuery()
    {
        var expression = PromQLParser.Parse("sum(rate(http_requests_total{code=~\"5..\"}[1m]))").Expression!;
        var selector = Assert.Single(QueryFacts.Selectors(expression)).Selector;
        Assert.Equal(new QuerySpan(9, 41), selector.Span);
        Assert.Equal(new QuerySpan(35, 40), selector.Matchers[0].ValueSpan);
        Assert.Equal(new QuerySpan(0, 47), expression.Span);
    }
}
