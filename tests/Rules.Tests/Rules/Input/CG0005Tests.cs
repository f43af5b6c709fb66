using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Input;

public sealed class CG0005Tests
{
    [Fact]
    public void MetricThresholdAndInlineQuery_AreReported() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                stepWeight: 10
                metrics:
                  - name: request-success-rate
                    {|CG0005:threshold|}: 99
                    interval: 1m
                  - name: error-rate
                    {|CG0005:query|}: sum(rate(errors[1m]))
                    thresholdRange: {max: 1}

            """),
        "CG0005");

    [Fact]
    public void ThresholdRangeAndTemplateRef_AreCurrent() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                stepWeight: 10
                metrics:
                  - name: error-rate
                    templateRef: {name: error-rate}
                    thresholdRange: {max: 1}
                    interval: 1m

            """),
        "CG0005");

    [Fact]
    public void TheAnalysisThreshold_IsNotTheDeprecatedMetricThreshold() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks),
        "CG0005");

    [Theory]
    [InlineData("request-success-rate", "spec.analysis.metrics[0].threshold is deprecated: use thresholdRange: {min: 99} instead")]
    [InlineData("request-duration", "spec.analysis.metrics[0].threshold is deprecated: use thresholdRange: {max: 99} instead")]
    [InlineData("p95", "spec.analysis.metrics[0].threshold is deprecated: use thresholdRange with min and/or max instead")]
    public void Message_SaysWhichSideOfTheRangeTheThresholdBecomes(string metric, string message)
    {
        var finding = RuleVerifier.Single(Yaml.Canary($"    interval: 1m\n    threshold: 5\n    stepWeight: 10\n    metrics:\n      - name: {metric}\n        threshold: 99\n"), "CG0005");
        Assert.Equal(message, finding.Message);
    }

    [Fact]
    public void Message_ForAnInlineQuery_PointsAtMetricTemplates()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n    metrics:\n      - name: errors\n        query: sum(errors)\n        thresholdRange: {max: 1}\n"), "CG0005");
        Assert.Equal("spec.analysis.metrics[0].query is deprecated: move the query into a MetricTemplate and reference it with templateRef", finding.Message);
    }

    [Fact]
    public void DisableRegionComments_SuppressTheFindings()
    {
        var result = RuleVerifier.Lint(Yaml.Canary("""
                interval: 1m
                threshold: 5
                stepWeight: 10
                metrics:
                  # canaryguard-disable CG0005 -- migrating next sprint
                  - name: request-success-rate
                    threshold: 99
                  - name: request-duration
                    threshold: 500
                  # canaryguard-enable CG0005

            """));
        var findings = result.Diagnostics.Where(d => d.Id == "CG0005").ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("migrating next sprint", f.Suppression?.Justification));
    }
}
