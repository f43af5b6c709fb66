using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1028Tests
{
    private const string Head = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    [Fact]
    public void AlertsWithoutSeverity_AreReported() => RuleVerifier.Verify(
        Yaml.Canary(Head + """
                alerts:
                  - {|CG1028:name|}: on-call
                    providerRef: {name: slack}
                  - name: team
                    {|CG1028:severity|}: ""
                    providerRef: {name: teams}

            """ + Yaml.SafeChecks),
        "CG1028");

    [Theory]
    [InlineData("info")]
    [InlineData("warn")]
    [InlineData("error")]
    public void AlertsWithASeverity_AreNotReported(string severity) => RuleVerifier.Verify(
        Yaml.Canary(Head + $"    alerts:\n      - name: on-call\n        severity: {severity}\n        providerRef: {{name: slack}}\n" + Yaml.SafeChecks),
        "CG1028");

    [Fact]
    public void Message_SaysTheAlertIsNeverSent()
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Head + "    alerts:\n      - name: on-call\n        providerRef: {name: slack}\n" + Yaml.SafeChecks), "CG1028");
        Assert.Equal("alert on-call has no severity: Flagger matches an empty severity against no event, so this alert is never sent", finding.Message);
        Assert.Equal("spec.analysis.alerts[0].name", finding.Path);
    }

    [Fact]
    public void DisableNextLineComment_SuppressesTheFinding() => CheckYaml.AssertSuppressedByComment(
        Yaml.Canary(Head + "    alerts:\n      # canaryguard-disable-next-line CG1028 -- placeholder\n      - name: on-call\n        providerRef: {name: slack}\n" + Yaml.SafeChecks),
        "CG1028",
        "placeholder");
}
