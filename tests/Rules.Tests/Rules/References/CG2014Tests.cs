using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.MetricQueries;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2014Tests
{
    [Fact]
    public void NotEqualWithRegex_IsReportedAtTheMatcher()
    {
        var result = RuleVerifier.Verify(
            Template(
                "sum(rate(istio_requests_total{destination_workload=\"{{ target }}\", {|CG2014:response_code!=\"5.*\"|}}[{{ interval }}]))",
                "/",
                "sum(rate(istio_requests_total{destination_workload=\"{{ target }}\"}[{{ interval }}])) * 100"),
            "CG2014");
        Assert.Equal(
            "response_code!=\"5.*\" compares the value literally, not as a regular expression: no series has that value, so nothing is excluded and the check never fails; write response_code!~\"5.*\"",
            Assert.Single(result.Diagnostics, d => d.Id == "CG2014").Message);
    }

    [Fact]
    public void EqualWithRegex_IsReportedInInlineQueries() => RuleVerifier.Verify(
        InlineQuery("sum(rate(requests_total{app=\"web\", {|CG2014:code=\"5..\"|}}[1m]))"),
        "CG2014");

    [Theory]
    [InlineData("code!~\"5.*\"")]
    [InlineData("code!=\"500\"")]
    [InlineData("version=\"1.2.3\"")]
    [InlineData("le=\"+Inf\"")]
    [InlineData("quantile=\"+1e-2\"")]
    public void LiteralValuesAndRegexOperators_AreNotReported(string matcher) => RuleVerifier.Verify(
        Template("sum(rate(requests_total{app=\"{{ target }}\", " + matcher + "}[1m]))"),
        "CG2014");
}
