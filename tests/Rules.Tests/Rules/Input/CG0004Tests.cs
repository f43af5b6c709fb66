using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Input;

public sealed class CG0004Tests
{
    private const string Analysis = "    interval: 1m\n    threshold: 5\n    stepWeight: 10\n";

    [Fact]
    public void WrongTypesPatternsAndEnums_AreReportedAtTheirKeys() => RuleVerifier.Verify(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web}
        spec:
          {|CG0004:provider|}: gatewayapi
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80, {|CG0004:portDiscovery|}: "true"}
          analysis:
            {|CG0004:interval|}: 1h
            threshold: 5
            {|CG0004:stepWeight|}: "10"
            webhooks:
              - name: load-test
                {|CG0004:type|}: pre-rolout
                url: http://flagger-loadtester.test/
                {|CG0004:timeout|}: 1h
        """,
        "CG0004");

    [Fact]
    public void MissingRequiredFields_AreReportedAtTheParentKey() => RuleVerifier.Verify(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web}
        {|CG0004:spec|}:
          {|CG0004:service|}:
            name: web
          {|CG0004:autoscalerRef|}: {kind: HorizontalPodAutoscaler, name: web}
        """,
        "CG0004");

    [Fact]
    public void ANullAnalysis_IsMissing() => RuleVerifier.Verify(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web}
        {|CG0004:spec|}:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          analysis:
        """,
        "CG0004");

    [Theory]
    [InlineData("    interval: 1m\n    stepWeight: 10\n")]
    [InlineData("    interval: 1m\n    threshold: 5\n")]
    [InlineData("    interval: 1m\n    threshold: 5\n    iterations: 10\n    stepWeight: 10\n")]
    [InlineData("    interval: 1m\n    threshold: 5\n    stepWeight: 10\n    stepWeights: [10, 20]\n")]
    public void AnAnalysisMatchingNoneOrSeveralShapes_IsReportedAtTheAnalysisKey(string analysis) => RuleVerifier.Verify(
        Yaml.Canary(analysis).Replace("  analysis:", "  {|CG0004:analysis|}:", StringComparison.Ordinal),
        "CG0004");

    [Theory]
    [InlineData("    interval: 1m\n    threshold: 5\n    iterations: 10\n")]
    [InlineData("    interval: 30s\n    threshold: 5\n    stepWeights: [1, 5, 10]\n")]
    [InlineData("    interval: 1m30s\n    threshold: 5\n    stepWeight: 10\n    maxWeight: 50\n    mirror: true\n    mirrorWeight: 10\n")]
    public void AValidCanary_IsAccepted(string analysis) => RuleVerifier.Verify(Yaml.Canary(analysis + Yaml.SafeChecks), "CG0004");

    [Fact]
    public void IstioAndGatewayApiSchemaRules_AreEnforced() => RuleVerifier.Verify(
        """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service:
            port: 80
            targetPort: http
            match:
              - {|CG0004:uri|}: {exact: /api, prefix: /api}
              - uri: {prefix: /api}
            mirror:
              - {|CG0004:backendRef|}: {name: web-shadow}
              - backendRef: {name: web-shadow, port: 80}
            gatewayRefs:
              - {name: public, {|CG0004:port|}: 70000}
          analysis:
            interval: 1m
            threshold: 5
            iterations: 10
            match:
              - headers:
                  {|CG0004:x-canary|}: {}
              - headers:
                  x-canary: {exact: insider}
        """,
        "CG0004");

    [Fact]
    public void AnUnservedApiVersion_IsReportedAtTheApiVersionKey() => RuleVerifier.Verify(
        """
        {|CG0004:apiVersion|}: flagger.app/v1alpha3
        kind: Canary
        metadata: {name: web}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          analysis: {interval: 1m, threshold: 5, stepWeight: 10}
        ---
        {|CG0004:apiVersion|}: flagger.app/v1alpha1
        kind: AlertProvider
        metadata: {name: slack}
        spec: {type: slack}
        """,
        "CG0004");

    [Fact]
    public void MetricTemplates_AreChecked() => RuleVerifier.Verify(
        """
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: error-rate}
        {|CG0004:spec|}:
          provider:
            {|CG0004:type|}: victoriametrics
            address: http://vm:8428
        """,
        "CG0004");

    [Theory]
    [InlineData("    interval: 1h\n    threshold: 5\n    stepWeight: 10\n", "spec.analysis.interval \"1h\" does not match the CRD's pattern ^[0-9]+(m|s): the API server rejects the Canary")]
    [InlineData("    interval: 1m\n    threshold: 5\n    stepWeight: \"10\"\n", "spec.analysis.stepWeight is a string (\"10\") but the CRD wants a number: the API server rejects the Canary")]
    [InlineData("    interval: 1m\n    stepWeight: 10\n", "spec.analysis must set interval, threshold and exactly one of iterations, stepWeight, stepWeights, but threshold is missing: the API server rejects the Canary")]
    [InlineData("    interval: 1m\n    threshold: 5\n", "spec.analysis must set interval, threshold and exactly one of iterations, stepWeight, stepWeights, but none of iterations, stepWeight, stepWeights is set: the API server rejects the Canary")]
    [InlineData("    interval: 1m\n    threshold: 5\n    iterations: 10\n    stepWeight: 10\n", "spec.analysis must set interval, threshold and exactly one of iterations, stepWeight, stepWeights, but iterations and stepWeight are both set: the API server rejects the Canary")]
    public void Message_SaysWhatTheCrdWants(string analysis, string message)
    {
        var finding = RuleVerifier.Single(Yaml.Canary(analysis + Yaml.SafeChecks), "CG0004");
        Assert.Equal(message, finding.Message);
    }

    [Fact]
    public void Message_ForANullSequenceItem_SaysItIsNull()
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Analysis + "    metrics:\n      - null\n"), "CG0004");
        Assert.Equal("spec.analysis.metrics[0] is null but the CRD wants an object: the API server rejects the Canary", finding.Message);
    }

    [Fact]
    public void Message_ForAnUnknownProvider_ListsTheCrdValuesAndTheNearestOne()
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Analysis + Yaml.SafeChecks).Replace("spec:\n", "spec:\n  provider: gatewayapi\n", StringComparison.Ordinal), "CG0004");
        Assert.Equal(
            "spec.provider \"gatewayapi\" is not one of the values the CRD allows (apisix, appmesh, appmesh:v1beta2, contour, gatewayapi:v1, gatewayapi:v1beta1, gloo, istio, knative, kubernetes, kuma, linkerd, nginx, osm, skipper, smi:v1alpha1, smi:v1alpha2, smi:v1alpha3, traefik): the API server rejects the Canary; did you mean \"gatewayapi:v1\"?",
            finding.Message);
    }

    [Fact]
    public void Message_ForMirrorUnderService_PointsAtTheAnalysisMirror()
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Analysis + Yaml.SafeChecks).Replace("service: {port: 80}", "service: {port: 80, mirror: true}", StringComparison.Ordinal), "CG0004");
        Assert.Equal("spec.service.mirror is a boolean (true) but the CRD wants an array: the API server rejects the Canary; spec.analysis.mirror takes a boolean", finding.Message);
    }

    [Fact]
    public void Message_ForAMissingField_NamesIt()
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Analysis + Yaml.SafeChecks).Replace("service: {port: 80}", "service: {name: web}", StringComparison.Ordinal), "CG0004");
        Assert.Equal("spec.service has no port, which the CRD requires: the API server rejects the Canary", finding.Message);
        Assert.Equal("spec.service", finding.Path);
    }

    [Fact]
    public void Message_ForAnUnservedVersion_NamesTheServedOne()
    {
        var finding = RuleVerifier.Single(Yaml.Canary(Analysis + Yaml.SafeChecks).Replace("flagger.app/v1beta1", "flagger.app/v1alpha3", StringComparison.Ordinal), "CG0004");
        Assert.Equal("apiVersion flagger.app/v1alpha3 is not served by Flagger v1.44's CRDs (only flagger.app/v1beta1): the API server rejects the Canary; move it to flagger.app/v1beta1", finding.Message);
    }

    [Fact]
    public void LegacyCanaryWithCanaryAnalysis_IsOneFindingThatNamesTheRename()
    {
        var legacy = Yaml.Canary(Analysis + Yaml.SafeChecks)
            .Replace("apiVersion: flagger.app/v1beta1", "{|CG0004:apiVersion|}: flagger.app/v1alpha3", StringComparison.Ordinal)
            .Replace("  analysis:", "  canaryAnalysis:", StringComparison.Ordinal);
        var result = RuleVerifier.Verify(legacy, "CG0004", "CG0003", "CG1013", "CG1014");
        Assert.Equal(
            "apiVersion flagger.app/v1alpha3 is not served by Flagger v1.44's CRDs (only flagger.app/v1beta1): the API server rejects the Canary; move it to flagger.app/v1beta1 and rename spec.canaryAnalysis to spec.analysis",
            Assert.Single(result.Diagnostics, d => d.Id == "CG0004").Message);
    }

    [Fact]
    public void ServedCanaryWithCanaryAnalysis_IsStillMissingItsAnalysis() => RuleVerifier.Verify(
        Yaml.Canary(Analysis + Yaml.SafeChecks)
            .Replace("spec:\n", "{|CG0004:spec|}:\n", StringComparison.Ordinal)
            .Replace("  analysis:", "  {|CG0003:canaryAnalysis|}:", StringComparison.Ordinal),
        "CG0004", "CG0003");

    [Fact]
    public void DisableFileComment_SuppressesEveryFinding()
    {
        var result = RuleVerifier.Lint("# canaryguard-disable-file CG0004 -- applied by a v1alpha3 cluster\n" + Yaml.Canary(Analysis + Yaml.SafeChecks).Replace("flagger.app/v1beta1", "flagger.app/v1alpha3", StringComparison.Ordinal));
        var finding = Assert.Single(result.Diagnostics, d => d.Id == "CG0004");
        Assert.True(finding.IsSuppressed);
        Assert.DoesNotContain(result.Reported, d => d.Id == "CG0004");
    }
}
