using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2012Tests
{
    private static string Template(string query) => MetricTemplateSpec("  provider: {type: prometheus, address: http://prom:9090}\n  " + query + "\n");

    [Fact]
    public void AggregatedFilteredQuery_IsNotReported() => RuleVerifier.Verify(MetricTemplate, "CG2012");

    [Fact]
    public void QueryWithoutAggregation_IsReported() => RuleVerifier.Verify(
        Template("{|CG2012:query|}: rate(http_requests_total{pod=~\"{{ target }}-.*\"}[1m])"),
        "CG2012");

    [Fact]
    public void QueryNotFilteredByTheTarget_IsReported() => RuleVerifier.Verify(
        Template("{|CG2012:query|}: sum(rate(http_requests_total{namespace=\"{{ namespace }}\"}[1m]))"),
        "CG2012");

    [Fact]
    public void QueryWithNeither_IsReportedTwice() => RuleVerifier.Verify(Template("{|CG2012:{|CG2012:query|}|}: up"), "CG2012");

    [Theory]
    [InlineData("histogram_quantile(0.99, sum(rate(x_bucket{service=\"{{service}}\"}[1m])) by (le))")]
    [InlineData("sum by (pod) (rate(x{ingress=\"{{ ingress }}\"}[1m]))")]
    [InlineData("avg(x{pod=~\"{{ target }}.*\"})")]
    public void AggregationsAndPlaceholders_AreRecognised(string query) => RuleVerifier.Verify(Template("query: '" + query.Replace("'", "''", StringComparison.Ordinal) + "'"), "CG2012");

    [Fact]
    public void OtherProviders_AreNotReported() => RuleVerifier.Verify(Template("query: up").Edit("type: prometheus", "type: datadog"), "CG2012");

    [Fact]
    public void Messages_ExplainBothShapes()
    {
        var findings = RuleVerifier.Lint(Template("query: up")).Diagnostics.Where(d => d.Id == "CG2012").Select(d => d.Message).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "the query has no aggregation (sum, avg, histogram_quantile, ...): it returns one series per pod and Flagger checks whichever comes last",
                "the query uses none of {{ target }}, {{ service }} or {{ ingress }}: it measures every workload exporting the metric, not the canary",
            ],
            findings);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var findings = RuleVerifier.Lint(Template("# canaryguard-disable-next-line CG2012 -- cluster-wide SLO gate\n  query: up")).Diagnostics.Where(d => d.Id == "CG2012").ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, d => Assert.True(d.IsSuppressed));
    }
}
