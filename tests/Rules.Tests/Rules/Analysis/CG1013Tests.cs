using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

public sealed class CG1013Tests
{
    [Fact]
    public void NoMetricsAndNoWebhooks_IsReportedAtTheAnalysisKey() => RuleVerifier.Verify(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          {|CG1013:analysis|}:
            interval: 1m
            threshold: 5
            stepWeight: 10
        """,
        "CG1013");

    [Fact]
    public void OnlyARollbackWebhook_StillChecksNothing() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                stepWeight: 10
                webhooks:
                  - name: notify
                    type: rollback
                    url: http://hooks.test/notify

            """).Replace("  analysis:", "  {|CG1013:analysis|}:", StringComparison.Ordinal),
        "CG1013");

    [Fact]
    public void APreRolloutWebhook_GatesPromotion() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                stepWeight: 10
                webhooks:
                  - name: smoke
                    type: pre-rollout
                    url: http://hooks.test/smoke

            """),
        "CG1013");

    [Fact]
    public void Metrics_AreChecks() => RuleVerifier.Verify(Yaml.Canary("    interval: 1m\n    stepWeight: 10\n" + Yaml.SafeChecks), "CG1013");

    [Fact]
    public void AnnotationSuppression_IsHonoured()
    {
        var text = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata:
              name: web
              annotations:
                canaryguard.io/suppress: "CG1013: smoke test only, CG1021"
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              service: {port: 80}
              analysis: {interval: 1m, stepWeight: 10}
            """;
        var finding = Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG1013");
        Assert.Equal(CanaryGuard.Rules.Engine.SuppressionKind.Annotation, finding.Suppression!.Kind);
        Assert.Equal("smoke test only", finding.Suppression.Justification);
    }
}
