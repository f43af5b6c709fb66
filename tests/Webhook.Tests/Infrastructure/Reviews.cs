using System.Text.Json.Nodes;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Webhook.Tests.Infrastructure;

/// <summary>AdmissionReview request bodies for tests, shaped like the recorded ones.</summary>
public static class Reviews
{
    /// <summary>No metrics and no gating webhook: CG1013 (error).</summary>
    public const string AnalysisWithoutChecks = """{"interval": "1m", "threshold": 5, "maxWeight": 50, "stepWeight": 10}""";

    /// <summary>stepWeight equal to maxWeight: CG1005 (warning), with metrics and a load test so CG1013 stays quiet.</summary>
    public const string AnalysisSingleStep = """
        {"interval": "1m", "threshold": 5, "maxWeight": 50, "stepWeight": 50,
         "metrics": [
           {"name": "request-success-rate", "thresholdRange": {"min": 99}, "interval": "1m"},
           {"name": "request-duration", "thresholdRange": {"max": 500}, "interval": "1m"}],
         "webhooks": [{"name": "load-test", "url": "http://flagger-loadtester.test/", "timeout": "5s",
           "metadata": {"cmd": "hey -z 1m -q 10 -c 2 http://web-canary.shop/"}}]}
        """;

    public static JsonObject Canary(string analysisJson, string? suppress = null, string? deletionTimestamp = null)
    {
        var metadata = new JsonObject { ["name"] = "web", ["namespace"] = "shop" };
        if (suppress is not null)
        {
            metadata["annotations"] = new JsonObject { ["canaryguard.io/suppress"] = suppress };
        }

        if (deletionTimestamp is not null)
        {
            metadata["deletionTimestamp"] = deletionTimestamp;
        }

        return new JsonObject
        {
            ["apiVersion"] = "flagger.app/v1beta1",
            ["kind"] = "Canary",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["targetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "web" },
                ["service"] = new JsonObject { ["port"] = 80 },
                ["analysis"] = JsonNode.Parse(analysisJson),
            },
        };
    }

    /// <summary>The recorded Deployment (lab/api, no sidecar label), for mutation tests.</summary>
    public static JsonObject RecordedDeployment() =>
        Recorded("deployment-create.mutating.json")["request"]!["object"]!.AsObject();

    public static JsonObject Recorded(string file) =>
        JsonNode.Parse(File.ReadAllText(SharedData.Path("admission-reviews", file)))!.AsObject();

    public static JsonObject Review(JsonObject? obj, string operation = "CREATE", bool dryRun = false, string? uid = null)
    {
        var apiVersion = obj?["apiVersion"]?.GetValue<string>() ?? "flagger.app/v1beta1";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = uid ?? Guid.NewGuid().ToString(),
                ["kind"] = new JsonObject
                {
                    ["group"] = slash < 0 ? string.Empty : apiVersion[..slash],
                    ["version"] = apiVersion[(slash + 1)..],
                    ["kind"] = obj?["kind"]?.GetValue<string>() ?? "Canary",
                },
                ["name"] = obj?["metadata"]?["name"]?.GetValue<string>() ?? "web",
                ["namespace"] = obj?["metadata"]?["namespace"]?.GetValue<string>() ?? "shop",
                ["operation"] = operation,
                ["object"] = obj?.DeepClone(),
                ["dryRun"] = dryRun,
            },
        };
    }

    /// <summary>An UPDATE of <paramref name="old"/> to <paramref name="obj"/>, as the API server sends it (both objects).</summary>
    public static JsonObject Update(JsonObject obj, JsonObject old)
    {
        var review = Review(obj, "UPDATE");
        review["request"]!["oldObject"] = old.DeepClone();
        return review;
    }

    /// <summary>The response part of a response review.</summary>
    public static JsonObject Response(JsonObject review) => review["response"]!.AsObject();

    public static IReadOnlyList<string> Warnings(JsonObject review) =>
        Response(review)["warnings"]?.AsArray().Select(w => w!.GetValue<string>()).ToList() ?? [];
}
