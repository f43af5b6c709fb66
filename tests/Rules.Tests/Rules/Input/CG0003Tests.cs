using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Input;

public sealed class CG0003Tests
{
    [Fact]
    public void AMisspeltField_IsReportedAtItsKey() => RuleVerifier.Verify(
        Yaml.Canary("""
                interval: 1m
                threshold: 5
                stepWeight: 10
                {|CG0003:maxweight|}: 50
                {|CG0003:stepWieght|}: 5

            """ + Yaml.SafeChecks),
        "CG0003");

    [Fact]
    public void TheV1alpha3CanaryAnalysis_IsReported() => RuleVerifier.Verify(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          {|CG0003:canaryAnalysis|}:
            interval: 1m
            threshold: 5
            stepWeight: 10
        """,
        "CG0003");

    [Fact]
    public void UnknownFieldsAtEveryLevel_AreReported_ButMapsAcceptAnyKey() => RuleVerifier.Verify(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: web
          labels: {anything: goes}
        {|CG0003:status2|}: {}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web, {|CG0003:namespace|}: shop}
          service:
            port: 80
            apex:
              labels: {team: shop}
          analysis:
            interval: 1m
            threshold: 5
            stepWeight: 10
            metrics:
              - name: request-success-rate
                thresholdRange: {min: 99, {|CG0003:avg|}: 99.5}
                templateVariables: {anything: goes}
            webhooks:
              - name: load-test
                url: http://flagger-loadtester.test/
                metadata: {cmd: "hey http://web-canary/", anything: goes}
        """,
        "CG0003");

    [Fact]
    public void MetricTemplateFields_AreChecked() => RuleVerifier.Verify(
        """
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: error-rate}
        spec:
          provider:
            type: prometheus
            {|CG0003:adress|}: http://prometheus:9090
            headers: {X-Scope-OrgID: [shop]}
          query: sum(rate(errors[1m]))
        """,
        "CG0003");

    [Fact]
    public void OtherKinds_AreNotChecked() => RuleVerifier.Verify(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicaz: 2
        """,
        "CG0003");

    [Theory]
    [InlineData("    stepweight: 10\n", "'stepweight' is not a field of spec.analysis in the Canary schema: the API server prunes it, so Flagger never sees it; did you mean 'stepWeight'?")]
    [InlineData("    stepWeight: 10\n    portDiscovery: true\n", "'portDiscovery' is not a field of spec.analysis in the Canary schema: the API server prunes it, so Flagger never sees it; it belongs at spec.service.portDiscovery")]
    [InlineData("    stepWeight: 10\n    colour: blue\n", "'colour' is not a field of spec.analysis in the Canary schema: the API server prunes it, so Flagger never sees it")]
    public void Message_SaysWhereTheFieldBelongs(string analysisFields, string message)
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n" + analysisFields + Yaml.SafeChecks), "CG0003");
        Assert.Equal(message, finding.Message);
    }

    [Fact]
    public void Message_ForCanaryAnalysis_NamesTheNewField()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n").Replace("  analysis:", "  canaryAnalysis:", StringComparison.Ordinal), "CG0003");
        Assert.Equal("'canaryAnalysis' is not a field of spec in the Canary schema: the API server prunes it, so Flagger never sees it; it is the v1alpha3 name of spec.analysis", finding.Message);
        Assert.Equal("spec.canaryAnalysis", finding.Path);
    }

    [Fact]
    public void CanariesInsideAList_GetTheSameHints()
    {
        var text = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: web}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  service: {port: 80}
                  canaryAnalysis: {interval: 1m, threshold: 5, stepWeight: 10}
            """;
        var finding = RuleVerifier.Single(text, "CG0003");
        Assert.Equal("'canaryAnalysis' is not a field of items[0].spec in the Canary schema: the API server prunes it, so Flagger never sees it; it is the v1alpha3 name of spec.analysis", finding.Message);
    }

    [Fact]
    public void AServiceType_SaysFlaggerNeverCreatesALoadBalancer()
    {
        var text = Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n")
            .Replace("  service: {port: 80}", "  service:\n    port: 80\n    {|CG0003:type|}: LoadBalancer", StringComparison.Ordinal);
        var finding = Assert.Single(RuleVerifier.Verify(text, "CG0003").Diagnostics, d => d.Id == "CG0003");
        Assert.Equal(
            "'type' is not a field of spec.service in the Canary schema: the API server prunes it, so Flagger never sees it; Flagger creates its Services (<name>, <name>-primary, <name>-canary) as ClusterIP and has no setting for their type, so it never creates a LoadBalancer; expose the app through a gateway or an ingress instead (service.gateways, service.gatewayRefs or spec.ingressRef, by provider)",
            finding.Message);
    }

    [Fact]
    public void ATypeUnderTheRewrite_IsAccepted() => RuleVerifier.Verify(
        Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n")
            .Replace("  service: {port: 80}", "  service:\n    port: 80\n    rewrite: {uri: /, type: ReplacePrefixMatch}", StringComparison.Ordinal),
        "CG0003");

    [Fact]
    public void AMirrorFlagWrittenUnderSpec_PointsAtTheAnalysis()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    interval: 1m\n    threshold: 5\n    iterations: 10\n").Replace("  analysis:", "  mirror: true\n  analysis:", StringComparison.Ordinal), "CG0003");
        Assert.EndsWith("; it belongs at spec.analysis.mirror", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnnotationSuppression_IsHonoured()
    {
        var text = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata:
              name: web
              annotations:
                canaryguard.io/suppress: "CG0003: read by our own tooling"
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              service: {port: 80}
              owner: team-shop
              analysis: {interval: 1m, threshold: 5, stepWeight: 10}
            """;
        var finding = Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG0003");
        Assert.Equal(SuppressionKind.Annotation, finding.Suppression!.Kind);
        Assert.Equal("read by our own tooling", finding.Suppression.Justification);
    }
}
