using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1027Tests
{
    private static string Canary(string interval, string deadline) => CheckYaml.WithSpec(
        Yaml.Canary($"    interval: {interval}\n    threshold: 5\n    stepWeight: 10\n" + Yaml.SafeChecks),
        $"  progressDeadlineSeconds: {deadline}\n");

    private static string Marked(string interval, string deadline) =>
        Canary(interval, deadline).Replace("progressDeadlineSeconds", "{|CG1027:progressDeadlineSeconds|}", StringComparison.Ordinal);

    [Theory]
    [InlineData("1m", "60")]
    [InlineData("5s", "15")]
    public void DeadlinesBelowTwoIntervals_AreReported(string interval, string deadline) =>
        RuleVerifier.Verify(Marked(interval, deadline), "CG1027");

    [Theory]
    [InlineData("1m", "120")]
    [InlineData("5s", "20")]
    public void DeadlinesOfTwoIntervals_AreNotReported(string interval, string deadline) =>
        RuleVerifier.Verify(Canary(interval, deadline), "CG1027");

    [Fact]
    public void Message_ShowsTheComputedBound()
    {
        var finding = RuleVerifier.Single(Canary("1m", "60"), "CG1027");
        Assert.Equal(
            "progressDeadlineSeconds (60) is shorter than two analysis intervals (2 x 1m0s = 2m0s): Flagger measures the deadline from the moment the canary Deployment became unavailable (its Available=False condition) and notices only once per interval, so a canary still starting when Flagger next looks is rolled back as stuck",
            finding.Message);
        Assert.Equal("spec.progressDeadlineSeconds", finding.Path);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        CheckYaml.SuppressBefore(Canary("1m", "60"), "  progressDeadlineSeconds", "CG1027", "pods start in seconds"),
        "CG1027",
        "pods start in seconds");
}
