using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Fixes;

public sealed class CodeFixerTests
{
    private const string WebDeployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          annotations:
            canaryguard.io/canary: enabled
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
                - name: web
                  image: web:1.2.3
                  ports:
                    - {name: metrics, containerPort: 9090}
                    - {name: http, containerPort: 8080}

        """;

    private const string WebCanary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: web
          namespace: shop
        spec:
          provider: istio
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          service:
            port: 8080
          analysis:
            interval: 1m
            threshold: 5
            maxWeight: 50
            stepWeight: 10
            metrics:
              - name: request-success-rate
                thresholdRange:
                  min: 99
                interval: 1m
              - name: request-duration
                thresholdRange:
                  max: 500
                interval: 1m

        """;

    [Fact]
    public void OverlappingFixes_TheFirstIsApplied_TheOtherIsDroppedAndReported_AndTheNextRunAppliesIt()
    {
        var before = Canary("      - name: request-duration\n        threshold: 0.5\n        interval: 1m\n");

        var first = FixHarness.Run(new Dictionary<string, string> { [FixHarness.FileName] = before });

        var applied = Assert.Single(first.Applied);
        Assert.Equal("CG0005", applied.Diagnostic.Id);
        var dropped = Assert.Single(first.Dropped);
        Assert.Equal("CG1016", dropped.Fix.Diagnostic.Id);
        Assert.StartsWith("its edits overlap those of the CG0005 fix at test.yaml(", dropped.Reason, StringComparison.Ordinal);
        var once = Assert.Single(first.Files).Fixed;
        Assert.Contains("        thresholdRange: {max: 0.5}\n", once, StringComparison.Ordinal);

        var twice = FixHarness.Fix(once, new FixOptions());
        Assert.Contains("        thresholdRange: {max: 500}\n", twice, StringComparison.Ordinal);
        Assert.Equal(twice, FixHarness.Fix(twice, new FixOptions()));
    }

    [Fact]
    public void FixOnly_LeavesOtherRulesFindingsAlone()
    {
        var before = Canary("      - name: request-duration\n        threshold: 0.5\n        interval: 1m\n").Replace("interval: 1m\n    threshold: 5", "interval: 5s\n    threshold: 5", StringComparison.Ordinal);

        var after = FixHarness.Fix(before, "CG1010");

        Assert.Equal(before.Replace("interval: 5s", "interval: 10s", StringComparison.Ordinal), after);
    }

    [Fact]
    public void MissingCanary_IsWrittenBesideTheFile_AndNotAgainOnceItExists()
    {
        var result = FixHarness.Run(new Dictionary<string, string> { ["deploy/web.yaml"] = WebDeployment });

        var written = Assert.Single(result.Files);
        Assert.Equal(Path.Combine("deploy", "web.canary.yaml"), written.Path);
        Assert.True(written.IsNew);
        Assert.Equal(WebCanary, written.Fixed);

        // Linting both files: the Canary now exists. Linting the Deployment alone: the file already holds it.
        Assert.Empty(FixHarness.Run(new Dictionary<string, string> { ["deploy/web.yaml"] = WebDeployment, [written.Path] = written.Fixed }).Files);
        var alone = FixHarness.Run(new Dictionary<string, string> { ["deploy/web.yaml"] = WebDeployment }, readOthers: new Dictionary<string, string> { [written.Path] = written.Fixed });
        Assert.Empty(alone.Files);
    }

    [Fact]
    public void MissingCanary_WithInline_IsAppendedAsANewDocument_WithTheTemplateOfThePolicy()
    {
        var policy = CanaryGuardPolicy.Default with { CanaryTemplate = new CanaryTemplatePolicy { Interval = TimeSpan.FromSeconds(30), LoadTester = "http://flagger-loadtester.test/" } };

        var result = FixHarness.Run(new Dictionary<string, string> { [FixHarness.FileName] = WebDeployment.TrimEnd('\n') }, new FixOptions { Inline = true }, policy);

        var expected = WebDeployment + "---\n" + WebCanary.Replace("interval: 1m\n    threshold", "interval: 30s\n    threshold", StringComparison.Ordinal) + """
                webhooks:
                  - name: load-test
                    type: rollout
                    url: "http://flagger-loadtester.test/"
                    timeout: 5s
                    metadata:
                      cmd: "hey -z 30s -q 10 -c 2 http://web-canary.shop:8080/"

            """;
        Assert.Equal(expected, Assert.Single(result.Files).Fixed);
        Assert.Empty(FixHarness.Run(new Dictionary<string, string> { [FixHarness.FileName] = expected }, new FixOptions { Inline = true }, policy).Files);
    }

    [Fact]
    public void MissingCanary_TakesThePortAndOverrideAnnotations_AsTheWebhookDoes()
    {
        var annotated = WebDeployment.Replace(
            "canaryguard.io/canary: enabled\n",
            "canaryguard.io/canary: enabled\n    canaryguard.io/port: \"9090\"\n    canaryguard.io/max-weight: \"30\"\n    canaryguard.io/step-weight: \"5\"\n    canaryguard.io/interval: 2m\n    canaryguard.io/threshold: \"8\"\n",
            StringComparison.Ordinal);

        var written = Assert.Single(FixHarness.Run(new Dictionary<string, string> { [FixHarness.FileName] = annotated }).Files);

        var expected = WebCanary
            .Replace("port: 8080", "port: 9090", StringComparison.Ordinal)
            .Replace("interval: 1m\n    threshold: 5\n    maxWeight: 50\n    stepWeight: 10", "interval: 2m\n    threshold: 8\n    maxWeight: 30\n    stepWeight: 5", StringComparison.Ordinal);
        Assert.Equal(expected, written.Fixed);
    }

    [Fact]
    public void MissingCanary_IsNotWritten_WhenAnOverrideAnnotationDoesNotParse()
    {
        var broken = WebDeployment.Replace("canaryguard.io/canary: enabled\n", "canaryguard.io/canary: enabled\n    canaryguard.io/max-weight: lots\n", StringComparison.Ordinal);

        Assert.Empty(FixHarness.Run(new Dictionary<string, string> { [FixHarness.FileName] = broken }).Files);
    }

    [Fact]
    public void MissingCanary_IsNotWritten_WhenTheServicePortCannotBeTold()
    {
        var ambiguous = WebDeployment.Replace("name: http, ", "name: web, ", StringComparison.Ordinal);

        Assert.Empty(FixHarness.Run(new Dictionary<string, string> { [FixHarness.FileName] = ambiguous }).Files);
    }

    [Theory]
    [InlineData("spec.analysis.metrics[1].thresholdRange.max", "500")]
    [InlineData("metadata.labels[\"sidecar.istio.io/inject\"]", "true")]
    [InlineData("metadata.labels[\"say \\\"hi\\\"\"]", "hello")]
    public void NodePath_FindsTheNodeOfADiagnosticPath(string path, string value)
    {
        var root = YamlManifestReader.Read("x.yaml", """
            metadata:
              labels: {sidecar.istio.io/inject: "true", 'say "hi"': hello}
            spec:
              analysis:
                metrics:
                  - {name: a}
                  - {name: b, thresholdRange: {max: 500}}
            """).Documents[0].Root!;

        var chain = NodePath.Resolve(root, path);

        Assert.NotNull(chain);
        Assert.Equal(path, chain[^1].Path);
        Assert.Equal(value, Assert.IsType<ScalarNode>(chain[^1]).Value);
        Assert.Null(NodePath.Resolve(root, "spec.analysis.metrics[2]"));
    }

    [Fact]
    public void SourceText_CountsCrlfAsOneLineBreak()
    {
        var source = new SourceText("a: 1\r\nb: 2\r\n");

        Assert.Equal(6, source.Offset(2, 1));
        Assert.Equal(4, source.LineEnd(0));
        Assert.Equal("\r\n", source.NewLine);
    }

    private static string Canary(string metrics) => $"""
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: web
        spec:
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          service:
            port: 80
          analysis:
            interval: 1m
            threshold: 5
            stepWeight: 10
            metrics:
        {metrics}
        """;
}
