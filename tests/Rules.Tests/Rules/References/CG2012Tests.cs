using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;
using static CanaryGuard.Rules.Tests.Rules.References.MetricQueries;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2012Tests
{
    [Fact]
    public void AggregatedFilteredQuery_IsNotReported() => RuleVerifier.Verify(MetricTemplate, "CG2012");

    [Fact]
    public void QueryWithoutAggregation_IsReportedAtTheQuery() => RuleVerifier.Verify(
        MetricTemplateSpec("  provider: {type: prometheus, address: http://prom:9090}\n  {|CG2012:query|}: rate(http_requests_total{pod=~\"{{ target }}-.*\"}[1m])\n"),
        "CG2012");

    [Fact]
    public void GroupedAggregation_IsReportedWithItsLabels()
    {
        var finding = RuleVerifier.Single(Template("sum by (pod) (rate(http_requests_total{pod=~\"{{ target }}-.*\"}[1m]))"), "CG2012");
        Assert.Equal("the query can return several series (one per pod): Flagger reads one number and keeps whichever series comes last", finding.Message);
    }

    [Fact]
    public void SelectorFilteredOnlyByNamespace_IsReportedAtTheSelectorInsideTheBlock() => RuleVerifier.Verify(
        Template(
            "sum(rate({|CG2012:http_requests_total{namespace=\"{{ namespace }}\"}|}[{{ interval }}]))",
            "/",
            "sum(rate(http_requests_total{namespace=\"{{ namespace }}\", pod=~\"{{ target }}-.*\"}[{{ interval }}]))"),
        "CG2012");

    [Fact]
    public void SkipperPrintfOfIngressAndService_FiltersTheWorkload() => RuleVerifier.Verify(
        Template("sum(rate(skipper_serve_route_duration_seconds_count{route=~\"{{ printf \"kube(ew)?_%s__%s_canary__.*__%s_canary(_[0-9]+)?\" namespace ingress service }}\"}[{{ interval }}]))"),
        "CG2012");

    // A template copied from a dashboard that watched the primary's pods: it judges the release being replaced.
    [Theory]
    [InlineData("kubernetes_pod_name=~\"podinfo-primary-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\"")]
    [InlineData("destination_workload=\"{{ target }}-primary\"")]
    public void ASelectorNarrowedToThePrimary_IsReportedAtTheSelector(string matcher) => RuleVerifier.Verify(
        Template($"histogram_quantile(0.99, sum(rate({{|CG2012:http_request_duration_seconds_bucket{{namespace=\"{{{{ namespace }}}}\", {matcher}}}|}}[1m])) by (le))"),
        "CG2012");

    [Fact]
    public void PrimaryMessage_NamesTheMatcher()
    {
        var finding = RuleVerifier.Single(Template("sum(rate(http_requests_total{app=\"web-primary\"}[1m]))"), "CG2012");
        Assert.Equal("the selector http_requests_total is narrowed to the primary (app=\"web-primary\"): the primary runs the version being replaced, so the check judges the old release, not the canary", finding.Message);
    }

    [Theory]
    [InlineData("app=\"primary-db\", pod=~\"{{ target }}-.*\"")]
    [InlineData("app!=\"web-primary\"")]
    [InlineData("role=\"primary\", app=\"{{ target }}\"")]
    public void APrimaryThatIsNotAFlaggerPrimaryWorkload_IsNotReportedAsThePrimary(string matcher)
    {
        var findings = RuleVerifier.Lint(Template($"sum(rate(http_requests_total{{{matcher}}}[1m]))")).Diagnostics.Where(d => d.Id == "CG2012");
        Assert.DoesNotContain(findings, d => d.Message.Contains("narrowed to the primary", StringComparison.Ordinal));
    }

    // A CPU template narrowed by container="{{ target }}": the primary's pods run the same container.
    [Fact]
    public void ASelectorNarrowedByContainerNameOnly_IsReportedAtTheSelector() => RuleVerifier.Verify(
        Template("sum(rate({|CG2012:container_cpu_usage_seconds_total{container=\"{{ target }}\", namespace=\"{{ namespace }}\"}|}[{{ interval }}]))"),
        "CG2012");

    [Fact]
    public void ContainerMessage_NamesTheMatcher()
    {
        var finding = RuleVerifier.Single(Template("sum(container_memory_working_set_bytes{container=\"{{ target }}\"})"), "CG2012");
        Assert.Equal("the selector container_memory_working_set_bytes is narrowed by container name only (container=\"{{ target }}\"): the primary's pods run the same containers, so it measures the primary and the canary together", finding.Message);
    }

    [Fact]
    public void AContainerMatcherNextToAPodMatcher_FiltersTheWorkload() => RuleVerifier.Verify(
        Template("sum(rate(container_cpu_usage_seconds_total{container=\"app\", pod=~\"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\"}[{{ interval }}]))"),
        "CG2012");

    [Fact]
    public void LiteralWorkloadName_FiltersTheWorkload() => RuleVerifier.Verify(
        Template("sum(rate(istio_requests_total{destination_workload=\"front-end\", response_code!~\"5.*\"}[1m]))"),
        "CG2012");

    [Fact]
    public void InlineQueryNamingTheCanaryTarget_FiltersTheWorkload() => RuleVerifier.Verify(
        InlineQuery("sum(rate(requests_total{code=~\"5..\", release=\"web\"}[1m]))"),
        "CG2012");

    [Fact]
    public void InlineQueryOverTheWholeCluster_IsReportedAtItsSelector() => RuleVerifier.Verify(
        InlineQuery("sum(rate({|CG2012:requests_total{code=~\"5..\"}|}[1m]))"),
        "CG2012");

    [Fact]
    public void MatchEverythingRegex_IsNoFilter() => RuleVerifier.Verify(
        Template("sum(rate({|CG2012:http_requests_total{pod=~\".*\"}|}[1m]))"),
        "CG2012");

    [Fact]
    public void OtherProviders_AreNotReported() => RuleVerifier.Verify(
        MetricTemplateSpec("  provider: {type: datadog, address: https://api.datadoghq.com}\n  query: avg:requests{*}\n"),
        "CG2012");

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var findings = RuleVerifier.Lint(MetricTemplateSpec("  provider: {type: prometheus, address: http://prom:9090}\n  # canaryguard-disable-next-line CG2012 -- cluster-wide SLO gate\n  query: up\n"))
            .Diagnostics.Where(d => d.Id == "CG2012").ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, d => Assert.True(d.IsSuppressed));
    }
}
