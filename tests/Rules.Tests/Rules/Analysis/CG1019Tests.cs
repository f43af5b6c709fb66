using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1019Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    [Fact]
    public void WindowsBelowTwoScrapes_AreReportedAtTheIntervalKey() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: request-success-rate
                    thresholdRange: {min: 99}
                    {|CG1019:interval|}: 15s
                  - name: error-rate
                    templateRef: {name: error-rate}
                    thresholdRange: {max: 1}
                    {|CG1019:interval|}: 29s

            """),
        "CG1019");

    [Fact]
    public void WindowsOfTwoScrapes_AndInlineQueries_AreNotReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                metrics:
                  - name: request-success-rate
                    thresholdRange: {min: 99}
                    interval: 30s
                  - name: request-duration
                    thresholdRange: {max: 500}
                  - name: queue-depth
                    query: sum(queue_depth)
                    thresholdRange: {max: 10}
                    interval: 10s

            """),
        "CG1019");

    [Fact]
    public void DefaultWindow_IsJudgedAgainstThePolicysScrapeInterval()
    {
        var policy = CanaryGuardPolicy.Default with { Analysis = new AnalysisPolicy { ScrapeInterval = TimeSpan.FromMinutes(1) } };
        RuleVerifier.Verify(
            Yaml.Canary(Head + "    metrics:\n      - {|CG1019:name|}: request-duration\n        thresholdRange: {max: 500}\n"),
            policy,
            "CG1019");
    }

    [Fact]
    public void Message_NamesTheWindowAndTheScrapeInterval()
    {
        var finding = RuleVerifier.Single(
            Yaml.Canary(Head + "    metrics:\n      - name: request-success-rate\n        thresholdRange: {min: 99}\n        interval: 20s\n"),
            "CG1019");
        Assert.Equal(
            "metric request-success-rate queries a 20s window, shorter than two scrape intervals (2 x 15s): it can hold fewer than two samples and the check halts with \"no values found\"",
            finding.Message);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + "    metrics:\n      - name: request-success-rate\n        thresholdRange: {min: 99}\n        # canaryguard-disable-next-line CG1019 -- scraped every 5s\n        interval: 15s\n"),
        "CG1019",
        "scraped every 5s");
}
