using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1017Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    [Fact]
    public void MetricWithNeitherTemplateNorQuery_IsReportedAtItsName() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: request-success-rate
                    thresholdRange: {min: 99}
                  - {|CG1017:name|}: error-rate
                    thresholdRange: {max: 1}
                  - {|CG1017:name|}: request-succes-rate
                    thresholdRange: {min: 99}

            """),
        "CG1017");

    [Fact]
    public void BuiltinsTemplatesAndQueries_Resolve() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: request-duration
                    thresholdRange: {max: 500}
                  - name: error-rate
                    templateRef: {name: error-rate, namespace: flagger-system}
                    thresholdRange: {max: 1}
                  - name: queue-depth
                    query: sum(queue_depth)
                    thresholdRange: {max: 10}

            """),
        "CG1017");

    [Fact]
    public void Message_NamesTheMetric()
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Head + "    metrics:\n      - name: error-rate\n        thresholdRange: {max: 1}\n"), "CG1017");
        Assert.Equal(
            "metric error-rate is not a builtin (request-success-rate, request-duration) and has neither templateRef nor query: Flagger fails it at every analysis (\"no usable metrics template and query were configured\"), so every release is rolled back",
            finding.Message);
        Assert.Equal("spec.analysis.metrics[0].name", finding.Path);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + "    metrics:\n      # canaryguard-disable-next-line CG1017 -- template added by a mutating webhook\n      - name: error-rate\n        thresholdRange: {max: 1}\n"),
        "CG1017",
        "template added by a mutating webhook");
}
