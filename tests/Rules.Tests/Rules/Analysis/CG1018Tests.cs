using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1018Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    [Fact]
    public void BuiltinNamesWithATemplateOrQuery_AreReportedAtThatKey() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: request-success-rate
                    {|CG1018:templateRef|}:
                      name: error-rate
                    thresholdRange: {max: 1}
                  - name: request-duration
                    {|CG1018:query|}: histogram_quantile(0.99, rate(latency_bucket[1m]))
                    thresholdRange: {max: 500}

            """),
        "CG1018");

    [Fact]
    public void CustomNamesWithATemplate_AndPlainBuiltins_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: error-rate
                    templateRef: {name: request-success-rate}
                    thresholdRange: {max: 1}
                  - name: request-duration
                    thresholdRange: {max: 500}

            """),
        "CG1018");

    [Fact]
    public void Message_SaysBothQueriesRun()
    {
        var finding = RuleVerifier.Single(
            Yaml.Canary(Head + "    metrics:\n      - name: request-success-rate\n        templateRef: {name: error-rate}\n        thresholdRange: {max: 1}\n"),
            "CG1018");
        Assert.Equal(
            "metric request-success-rate has a templateRef: Flagger still runs its builtin request-success-rate query and runs the template as well, both judged against the same thresholdRange",
            finding.Message);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + "    metrics:\n      - name: request-duration\n        # canaryguard-disable-next-line CG1018 -- both intended\n        query: sum(x)\n        thresholdRange: {max: 500}\n"),
        "CG1018",
        "both intended");
}
