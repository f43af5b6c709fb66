using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Canaries;

public sealed class CanaryBuilderTests
{
    private static JsonElement Deployment(IReadOnlyDictionary<string, string>? annotations = null, params (string? Name, int Port)[] ports) =>
        JsonDocument.Parse(ApiObjects.Deployment("shop", "web", annotations, ports: ports)).RootElement;

    private static JsonObject Build(JsonElement deployment, CanaryGuardPolicy? policy = null, string? autoscaler = null)
    {
        var result = CanaryBuilder.Build(deployment, policy ?? CanaryGuardPolicy.Default, autoscaler);
        Assert.True(result.Succeeded, result.Problem);
        return result.Canary!;
    }

    [Fact]
    public void Defaults_GiveTheDocumentedCanary()
    {
        var result = CanaryBuilder.Build(Deployment(), CanaryGuardPolicy.Default);

        var expected = JsonNode.Parse($$"""
            {
              "apiVersion": "flagger.app/v1beta1",
              "kind": "Canary",
              "metadata": {
                "name": "web",
                "namespace": "shop",
                "labels": {"app.kubernetes.io/managed-by": "canaryguard"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "6f1c7c55-1f0e-4b8e-9a51-0d7a2b9f3c11", "controller": true, "blockOwnerDeletion": true}],
                "annotations": {"canaryguard.io/generated-hash": "{{result.Hash}}", "canaryguard.io/policy-generation": "0"}
              },
              "spec": {
                "provider": "istio",
                "targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                "service": {"port": 8080},
                "analysis": {
                  "interval": "1m",
                  "threshold": 5,
                  "maxWeight": 50,
                  "stepWeight": 10,
                  "metrics": [
                    {"name": "request-success-rate", "thresholdRange": {"min": 99}, "interval": "1m"},
                    {"name": "request-duration", "thresholdRange": {"max": 500}, "interval": "1m"}
                  ]
                }
              }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, result.Canary), result.Canary!.ToJsonString());
        Assert.Matches("^[0-9a-f]{16}$", result.Hash);
    }

    [Fact]
    public void GeneratedCanary_PassesEveryRule()
    {
        var withLoadTester = CanaryGuardPolicy.Default with { CanaryTemplate = new CanaryTemplatePolicy { LoadTester = "http://flagger-loadtester.test/" } };
        foreach (var policy in new[] { CanaryGuardPolicy.Default, withLoadTester })
        {
            var deployment = Deployment();
            var canary = JsonDocument.Parse(Build(deployment, policy).ToJsonString()).RootElement;
            var file = new ManifestFile("generated", [new ManifestDocument(0, JsonManifestReader.Read(canary), null), new ManifestDocument(1, JsonManifestReader.Read(deployment), null)], [], []);

            var findings = AnalysisEngine.CreateDefault().Analyze([file], new AnalysisOptions { PolicyFor = _ => policy, Parallel = false })
                .Reported.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Resource?.Kind == "Canary").ToList();

            Assert.True(findings.Count == 0, string.Join("\n", findings.Select(f => $"{f.Id} {f.Path}: {f.Message}")));
        }
    }

    [Fact]
    public void Template_And_Provider_ComeFromThePolicy()
    {
        var policy = CanaryGuardPolicy.Default with
        {
            MeshProvider = "linkerd",
            CanaryTemplate = new CanaryTemplatePolicy
            {
                Interval = TimeSpan.FromSeconds(90), Threshold = 3, MaxWeight = 60, StepWeight = 20,
                RequestSuccessRateMin = 99.5, RequestDurationMax = 250, MetricInterval = TimeSpan.FromMinutes(2),
            },
        };

        var spec = Build(Deployment(), policy)["spec"]!;

        Assert.Equal("linkerd", spec["provider"]!.GetValue<string>());
        var analysis = spec["analysis"]!;
        Assert.Equal("1m30s", analysis["interval"]!.GetValue<string>());
        Assert.Equal((3, 60, 20), (analysis["threshold"]!.GetValue<int>(), analysis["maxWeight"]!.GetValue<int>(), analysis["stepWeight"]!.GetValue<int>()));
        Assert.Equal(99.5, analysis["metrics"]![0]!["thresholdRange"]!["min"]!.GetValue<double>());
        Assert.Equal(250, analysis["metrics"]![1]!["thresholdRange"]!["max"]!.GetValue<double>());
        Assert.Equal("2m", analysis["metrics"]![1]!["interval"]!.GetValue<string>());
        Assert.Null(analysis["webhooks"]);
    }

    [Fact]
    public void LoadTester_AddsALoadTestWebhookAgainstTheCanaryService()
    {
        var policy = CanaryGuardPolicy.Default with { CanaryTemplate = new CanaryTemplatePolicy { LoadTester = "http://flagger-loadtester.test/" } };

        var webhooks = Build(Deployment(), policy)["spec"]!["analysis"]!["webhooks"]!;

        var expected = JsonNode.Parse("""
            [{"name": "load-test", "type": "rollout", "url": "http://flagger-loadtester.test/", "timeout": "5s",
              "metadata": {"cmd": "hey -z 1m -q 10 -c 2 http://web-canary.shop:8080/"}}]
            """);
        Assert.True(JsonNode.DeepEquals(expected, webhooks), webhooks.ToJsonString());
    }

    [Fact]
    public void Annotations_OverrideTheTemplate()
    {
        var annotations = new Dictionary<string, string>
        {
            ["canaryguard.io/max-weight"] = "30", ["canaryguard.io/step-weight"] = "5", ["canaryguard.io/interval"] = "2m", ["canaryguard.io/threshold"] = "8",
        };

        var analysis = Build(Deployment(annotations))["spec"]!["analysis"]!;

        Assert.Equal(("2m", 8, 30, 5), (analysis["interval"]!.GetValue<string>(), analysis["threshold"]!.GetValue<int>(), analysis["maxWeight"]!.GetValue<int>(), analysis["stepWeight"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("canaryguard.io/max-weight", "150")]
    [InlineData("canaryguard.io/step-weight", "ten")]
    [InlineData("canaryguard.io/interval", "60")]
    [InlineData("canaryguard.io/threshold", "0")]
    public void BadOverride_IsAProblem(string annotation, string value)
    {
        var result = CanaryBuilder.Build(Deployment(new Dictionary<string, string> { [annotation] = value }), CanaryGuardPolicy.Default);

        Assert.False(result.Succeeded);
        Assert.Equal($"annotation {annotation}: '{value}' is not a valid value", result.Problem);
    }

    [Fact]
    public void Port_PrefersTheAnnotation_ThenTheHttpPort_ThenTheOnlyPort()
    {
        static int Port(JsonElement deployment) => Build(deployment)["spec"]!["service"]!["port"]!.GetValue<int>();

        Assert.Equal(9000, Port(Deployment(new Dictionary<string, string> { ["canaryguard.io/port"] = "9000" }, ("http", 8080))));
        Assert.Equal(8080, Port(Deployment(null, ("metrics", 9797), ("http", 8080))));
        Assert.Equal(9898, Port(Deployment(null, (null, 9898))));
    }

    [Fact]
    public void AmbiguousPorts_AreAProblem()
    {
        var result = CanaryBuilder.Build(Deployment(null, ("grpc", 9090), ("metrics", 9797)), CanaryGuardPolicy.Default);

        Assert.Equal("cannot tell the service port: the containers declare 2 ports and none is named 'http'; set the annotation canaryguard.io/port", result.Problem);
    }

    [Fact]
    public void AnHpa_BecomesTheAutoscalerRef()
    {
        var spec = Build(Deployment(), autoscaler: "web-hpa")["spec"]!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","name":"web-hpa"}"""), spec["autoscalerRef"]));
    }

    [Fact]
    public void Hash_IsStable_AndFollowsEveryChange()
    {
        var first = CanaryBuilder.Build(Deployment(), CanaryGuardPolicy.Default).Hash;
        var again = CanaryBuilder.Build(Deployment(), CanaryGuardPolicy.Default).Hash;
        var otherPolicy = CanaryBuilder.Build(Deployment(), CanaryGuardPolicy.Default with { CanaryTemplate = new CanaryTemplatePolicy { Threshold = 6 } }).Hash;
        var otherUid = CanaryBuilder.Build(JsonDocument.Parse(ApiObjects.Deployment("shop", "web", uid: "another")).RootElement, CanaryGuardPolicy.Default).Hash;

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherPolicy);
        Assert.NotEqual(first, otherUid);
    }

    [Fact]
    public void ADeploymentNotReadFromTheApi_IsAProblem()
    {
        var result = CanaryBuilder.Build(JsonDocument.Parse("""{"metadata":{"name":"web","namespace":"shop"}}""").RootElement, CanaryGuardPolicy.Default);

        Assert.Equal("the Deployment has no name, namespace or uid (it must be read back from the API server)", result.Problem);
    }

    [Theory]
    [InlineData(60, "1m")]
    [InlineData(90, "1m30s")]
    [InlineData(10, "10s")]
    [InlineData(3600, "1h")]
    [InlineData(3660, "1h1m")]
    public void ShortDuration_DropsZeroTails(int seconds, string expected) =>
        Assert.Equal(expected, CanaryGuard.Rules.Generation.CanaryGenerator.ShortDuration(TimeSpan.FromSeconds(seconds)));
}
