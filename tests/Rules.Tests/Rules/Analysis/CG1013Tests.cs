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

    [Theory]
    [InlineData("hey -z 1m -q 10 -c 2 http://web-canary.shop/")]
    [InlineData("ghz -z 1m --insecure --call grpc.health.v1.Health/Check web-canary.shop:9090")]
    [InlineData("HEY_ARGS=1 /usr/local/bin/hey -z 1m http://web-canary.shop/ && hey -z 1m http://web-canary.shop/api")]
    public void OnlyLoadTests_CheckNothing(string command) => RuleVerifier.Verify(
        Yaml.Canary($$"""
                interval: 1m
                stepWeight: 10
                webhooks:
                  - name: load-test
                    url: http://flagger-loadtester.test/
                    metadata: {cmd: "{{command}}"}

            """).Replace("  analysis:", "  {|CG1013:analysis|}:", StringComparison.Ordinal),
        "CG1013", "CG1014");

    [Fact]
    public void LoadTestNextToASmokeTest_IsNoMetricsOnly() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                stepWeight: 10
                webhooks:
                  - name: smoke
                    type: pre-rollout
                    url: http://flagger-loadtester.test/
                    metadata: {cmd: "curl -sf http://web-canary.shop/health"}
                  - name: load-test
                    url: http://flagger-loadtester.test/
                    metadata: {cmd: "hey -z 1m http://web-canary.shop/"}

            """).Replace("  analysis:", "  {|CG1014:analysis|}:", StringComparison.Ordinal),
        "CG1013", "CG1014");

    [Fact]
    public void OnlyLoadTests_MessageNamesThem()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    stepWeight: 10\n    webhooks:\n      - name: load-test\n        url: http://flagger-loadtester.test/\n        metadata: {cmd: \"hey -z 1m http://web-canary.shop/\"}\n"), "CG1013");
        Assert.Equal("the analysis has no metrics and its only rollout or pre-rollout webhooks (load-test) generate load, which cannot fail: every release is promoted whatever it does", finding.Message);
    }

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
