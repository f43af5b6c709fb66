using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.MetricQueries;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2016Tests
{
    [Fact]
    public void SumOverCount_IsReportedForBothCounters() => RuleVerifier.Verify(
        Template("sum({|CG2016:request_processing_seconds_sum{app=\"{{ target }}\"}|}) / sum({|CG2016:request_processing_seconds_count{app=\"{{ target }}\"}|})"),
        "CG2016");

    [Fact]
    public void RawTotal_IsReportedInInlineQueries() => RuleVerifier.Verify(InlineQuery("sum({|CG2016:http_requests_total{app=\"web\"}|})"), "CG2016");

    [Theory]
    [InlineData("sum(rate(http_requests_total{app=\"{{ target }}\"}[1m]))")]
    [InlineData("sum(increase(http_requests_total{app=\"{{ target }}\"}[{{ interval }}]))")]
    [InlineData("count(http_requests_total{app=\"{{ target }}\"})")]
    [InlineData("histogram_quantile(0.99, sum(rate(d_seconds_bucket{app=\"{{ target }}\"}[1m])) by (le))")]
    [InlineData("histogram_quantile(0.99, sum without (pod) (rate(d_seconds_bucket{app=\"{{ target }}\"}[1m])))")]
    public void WindowedCountersAndQuantilesByLe_AreNotReported(string query) => RuleVerifier.Verify(Template(query), "CG2016");

    [Fact]
    public void QuantileOfBucketsSummedWithoutLe_IsAnError()
    {
        var result = RuleVerifier.Verify(
            Template("{|CG2016:histogram_quantile(0.99, sum(rate(d_seconds_bucket{app=\"{{ target }}\"}[1m])) by (pod))|}"),
            "CG2016");
        Assert.Equal(CanaryGuard.Rules.Engine.DiagnosticSeverity.Error, Assert.Single(result.Diagnostics, d => d.Id == "CG2016").Severity);
    }
}
