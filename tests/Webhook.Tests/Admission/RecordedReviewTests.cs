using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Webhook.Tests.Admission;

/// <summary>Every AdmissionReview a real kube-apiserver sent gets a well-formed answer over HTTPS.</summary>
[Collection(SharedWebhookDefinition.Name)]
public sealed class RecordedReviewTests(WebhookFixture fixture)
{
    public static TheoryData<string> RecordedFiles() => [.. SharedData.AdmissionReviews().Select(f => Path.GetFileName(f))];

    [SharedDataFact]
    public void The_recorded_reviews_are_all_there()
    {
        Assert.Equal(10, RecordedFiles().Count);
    }

    [SharedDataTheory]
    [MemberData(nameof(RecordedFiles))]
    public async Task Every_recorded_review_gets_a_well_formed_response_echoing_its_uid(string file)
    {
        var request = Reviews.Recorded(file);
        var path = file.Contains(".mutating.", StringComparison.Ordinal) ? "/mutate/namespace" : "/validate";

        var review = await fixture.Webhook.ReviewAsync(path, request);

        Assert.Equal("admission.k8s.io/v1", review["apiVersion"]!.GetValue<string>());
        Assert.Equal("AdmissionReview", review["kind"]!.GetValue<string>());
        var response = Reviews.Response(review);
        Assert.Equal(request["request"]!["uid"]!.GetValue<string>(), response["uid"]!.GetValue<string>());
        if (response["allowed"]!.GetValue<bool>())
        {
            Assert.Null(response["status"]);
        }
        else
        {
            Assert.Equal(403, response["status"]!["code"]!.GetValue<int>());
            Assert.Equal("Forbidden", response["status"]!["reason"]!.GetValue<string>());
        }

        Assert.All(Reviews.Warnings(review), w => Assert.True(w.Length <= 120, w));
    }

    [SharedDataFact]
    public async Task The_recorded_canary_is_allowed_under_the_isolating_policy_and_its_dry_run_gets_the_same_answer()
    {
        var real = Reviews.Response(await fixture.Webhook.ReviewAsync("/validate", Reviews.Recorded("canary-update.validating.json")));
        var dryRun = Reviews.Response(await fixture.Webhook.ReviewAsync("/validate", Reviews.Recorded("canary-update-dryrun.validating.json")));

        Assert.True(real["allowed"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(Without(real, "uid"), Without(dryRun, "uid")));
    }

    [SharedDataFact]
    public async Task The_recorded_mutating_review_gets_a_json_patch()
    {
        var response = Reviews.Response(await fixture.Webhook.ReviewAsync("/mutate/namespace", Reviews.Recorded("deployment-create.mutating.json")));

        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Equal("JSONPatch", response["patchType"]!.GetValue<string>());
        Assert.NotEmpty(Convert.FromBase64String(response["patch"]!.GetValue<string>()));
    }

    private static JsonObject Without(JsonObject response, string member)
    {
        var copy = response.DeepClone().AsObject();
        copy.Remove(member);
        return copy;
    }
}
