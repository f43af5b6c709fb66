using System.Text.Json.Nodes;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Admission;

/// <summary>/mutate: the patch, applied by an independent RFC 6902 applier, yields the expected Deployment; twice changes nothing.</summary>
[Collection(SharedWebhookDefinition.Name)]
public sealed class MutateTests(WebhookFixture fixture)
{
    private static readonly string TemplateHash = CanaryTemplateHash.Compute(CanaryGuardPolicy.Default);

    private RunningWebhook Webhook => fixture.Webhook;

    [SharedDataFact]
    public async Task The_patch_adds_the_sidecar_label_and_template_hash_and_nothing_else()
    {
        var deployment = Reviews.RecordedDeployment();

        var patched = await MutateAsync("/mutate/namespace", deployment);

        var expected = deployment.DeepClone().AsObject();
        expected["spec"]!["template"]!["metadata"]!["labels"]!["sidecar.istio.io/inject"] = "true";
        expected["metadata"]!["annotations"]![CanaryTemplateHash.AnnotationName] = CanaryTemplateHash.Compute(Policy(Webhook));
        Assert.True(JsonNode.DeepEquals(expected, patched), patched!.ToJsonString());
    }

    [SharedDataFact]
    public async Task A_second_pass_over_the_patched_deployment_produces_no_patch()
    {
        var once = await MutateAsync("/mutate/namespace", Reviews.RecordedDeployment());

        var response = Reviews.Response(await Webhook.ReviewAsync("/mutate/namespace", Reviews.Review(once!.AsObject())));

        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Null(response["patch"]);
        Assert.Null(response["patchType"]);
    }

    [SharedDataFact]
    public async Task The_patch_uses_escaped_pointers_and_creates_missing_maps()
    {
        var deployment = Reviews.RecordedDeployment();
        deployment["metadata"]!.AsObject().Remove("annotations");
        deployment["spec"]!["template"]!.AsObject().Remove("metadata");

        var response = Reviews.Response(await Webhook.ReviewAsync("/mutate/namespace", Reviews.Review(deployment)));

        var patch = JsonNode.Parse(Convert.FromBase64String(response["patch"]!.GetValue<string>()))!.AsArray();
        Assert.Equal(
            """[{"op":"add","path":"/spec/template/metadata","value":{"labels":{"sidecar.istio.io/inject":"true"}}},{"op":"add","path":"/metadata/annotations","value":{"canaryguard.io/canary-template-hash":""" + "\"" + TemplateHash + "\"}}]",
            patch.ToJsonString());
        var result = Rfc6902.Apply(deployment, patch)!;
        Assert.Equal("true", result["spec"]!["template"]!["metadata"]!["labels"]!["sidecar.istio.io/inject"]!.GetValue<string>());
    }

    [SharedDataFact]
    public async Task Without_the_opt_in_annotation_plain_mutate_leaves_the_deployment_alone()
    {
        var response = Reviews.Response(await Webhook.ReviewAsync("/mutate", Reviews.Review(Reviews.RecordedDeployment())));

        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Null(response["patch"]);
    }

    [SharedDataFact]
    public async Task The_opt_in_annotation_enables_mutation_on_plain_mutate()
    {
        var deployment = Reviews.RecordedDeployment();
        deployment["metadata"]!["annotations"]!["canaryguard.io/canary"] = "enabled";

        var patched = await MutateAsync("/mutate", deployment);

        Assert.Equal("true", patched!["spec"]!["template"]!["metadata"]!["labels"]!["sidecar.istio.io/inject"]!.GetValue<string>());
    }

    [SharedDataFact]
    public async Task The_opt_out_annotation_wins_over_the_namespace()
    {
        var deployment = Reviews.RecordedDeployment();
        deployment["metadata"]!["annotations"]!["canaryguard.io/canary"] = "disabled";

        var response = Reviews.Response(await Webhook.ReviewAsync("/mutate/namespace", Reviews.Review(deployment)));

        Assert.Null(response["patch"]);
    }

    [SharedDataFact]
    public async Task An_explicit_false_sidecar_label_is_kept_with_a_warning()
    {
        var deployment = Reviews.RecordedDeployment();
        deployment["spec"]!["template"]!["metadata"]!["labels"]!["sidecar.istio.io/inject"] = "false";

        var review = await Webhook.ReviewAsync("/mutate/namespace", Reviews.Review(deployment));

        var patch = JsonNode.Parse(Convert.FromBase64String(Reviews.Response(review)["patch"]!.GetValue<string>()))!.AsArray();
        Assert.DoesNotContain(patch, op => op!["path"]!.GetValue<string>().Contains("inject", StringComparison.Ordinal));
        var warning = Assert.Single(Reviews.Warnings(review));
        Assert.Contains("sidecar.istio.io/inject: \"false\"", warning, StringComparison.Ordinal);
        Assert.True(warning.Length < 120);
    }

    [SharedDataFact]
    public async Task A_stale_template_hash_is_replaced()
    {
        var deployment = Reviews.RecordedDeployment();
        deployment["metadata"]!["annotations"]![CanaryTemplateHash.AnnotationName] = "0000000000000000";

        var patched = await MutateAsync("/mutate/namespace", deployment);

        Assert.Equal(TemplateHash, patched!["metadata"]!["annotations"]![CanaryTemplateHash.AnnotationName]!.GetValue<string>());
    }

    /// <summary>Sends the Deployment to a mutate path and applies the returned patch with the test applier.</summary>
    private async Task<JsonNode?> MutateAsync(string path, JsonObject deployment)
    {
        var response = Reviews.Response(await Webhook.ReviewAsync(path, Reviews.Review(deployment)));
        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Equal("JSONPatch", response["patchType"]!.GetValue<string>());
        var patch = JsonNode.Parse(Convert.FromBase64String(response["patch"]!.GetValue<string>()))!.AsArray();
        return Rfc6902.Apply(deployment, patch);
    }

    private static CanaryGuardPolicy Policy(RunningWebhook webhook) => webhook.Server.Policies.Current;
}
