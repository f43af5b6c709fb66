using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Admission;

/// <summary>/validate decisions: deny on errors, warnings below denyAt, suppressions, deletions, dry runs.</summary>
[Collection(SharedWebhookDefinition.Name)]
public sealed class ValidateTests(WebhookFixture fixture)
{
    private RunningWebhook Webhook => fixture.Webhook;

    [Fact]
    public async Task A_canary_whose_analysis_checks_nothing_is_denied_with_CG1013()
    {
        var review = await Webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisWithoutChecks)));

        var response = Reviews.Response(review);
        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Equal(403, response["status"]!["code"]!.GetValue<int>());
        Assert.Equal("Forbidden", response["status"]!["reason"]!.GetValue<string>());
        var lines = response["status"]!["message"]!.GetValue<string>().Split('\n');
        Assert.Equal("CanaryGuard denied Canary shop/web: 1 finding at or above error", lines[0]);
        Assert.Equal(
            "CG1013 spec.analysis: the analysis has no metrics and no rollout or pre-rollout webhooks: every release is promoted whatever it does",
            Assert.Single(lines.Skip(1)));
    }

    [Fact]
    public async Task A_canary_with_only_a_warning_is_allowed_with_the_warning()
    {
        var review = await Webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep)));

        var response = Reviews.Response(review);
        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Null(response["status"]);
        var warning = Assert.Single(Reviews.Warnings(review), w => w.StartsWith("CG1005: ", StringComparison.Ordinal));
        Assert.Equal("CG1005: stepWeight (50) is not below maxWeight (50): the canary is promoted after a single analysis", warning);
        Assert.All(Reviews.Warnings(review), w => Assert.Matches("^(CG[0-9]{4}|canaryguard): .{1,112}$", w));
    }

    [Fact]
    public async Task The_suppression_annotation_lets_a_denied_canary_through()
    {
        var canary = Reviews.Canary(Reviews.AnalysisWithoutChecks, suppress: "CG1013: smoke test namespace");

        var response = Reviews.Response(await Webhook.ReviewAsync("/validate", Reviews.Review(canary)));

        Assert.True(response["allowed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("CONNECT")]
    public async Task Deletes_and_connects_are_allowed_without_evaluation(string operation)
    {
        var review = Reviews.Review(null, operation);

        var response = Reviews.Response(await Webhook.ReviewAsync("/validate", review));

        Assert.True(response["allowed"]!.GetValue<bool>());
        Assert.Null(response["warnings"]);
        Assert.Equal(review["request"]!["uid"]!.GetValue<string>(), response["uid"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_object_being_deleted_is_allowed_even_if_unsafe()
    {
        var canary = Reviews.Canary(Reviews.AnalysisWithoutChecks, deletionTimestamp: "2026-11-22T03:45:09Z");

        var response = Reviews.Response(await Webhook.ReviewAsync("/validate", Reviews.Review(canary, "UPDATE")));

        Assert.True(response["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_dry_run_is_answered_exactly_like_the_real_request()
    {
        var canary = Reviews.Canary(Reviews.AnalysisWithoutChecks);

        var real = Reviews.Response(await Webhook.ReviewAsync("/validate", Reviews.Review(canary, uid: "same")));
        var dryRun = Reviews.Response(await Webhook.ReviewAsync("/validate", Reviews.Review(canary, dryRun: true, uid: "same")));

        Assert.False(real["allowed"]!.GetValue<bool>());
        Assert.Equal(real.ToJsonString(), dryRun.ToJsonString());
    }

    [Fact]
    public async Task A_canary_without_namespace_in_metadata_is_named_by_the_request_namespace()
    {
        var canary = Reviews.Canary(Reviews.AnalysisWithoutChecks);
        canary["metadata"]!.AsObject().Remove("namespace");
        var review = Reviews.Review(canary);
        review["request"]!["namespace"] = "payments";

        var response = Reviews.Response(await Webhook.ReviewAsync("/validate", review));

        Assert.StartsWith("CanaryGuard denied Canary payments/web:", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_decision_is_one_structured_log_line_without_object_contents()
    {
        var canary = Reviews.Canary(Reviews.AnalysisWithoutChecks);
        canary["metadata"]!["annotations"] = new JsonObject { ["secret-looking"] = "hunter2-do-not-log" };
        var review = Reviews.Review(canary, dryRun: true);
        var uid = review["request"]!["uid"]!.GetValue<string>();

        await Webhook.ReviewAsync("/validate", review);

        var entry = Assert.Single(Webhook.Logs.Entries, e => e.State.TryGetValue("Uid", out var u) && (string?)u == uid);
        Assert.Equal("Canary", entry.State["Kind"]);
        Assert.Equal("shop", entry.State["ObjectNamespace"]);
        Assert.Equal("web", entry.State["ObjectName"]);
        Assert.Equal("CREATE", entry.State["Operation"]);
        Assert.Equal(true, entry.State["DryRun"]);
        Assert.Equal(false, entry.State["Allowed"]);
        Assert.Contains("CG1013", (string)entry.State["RuleIds"]!, StringComparison.Ordinal);
        Assert.IsType<double>(entry.State["DurationMs"]);
        Assert.DoesNotContain(Webhook.Logs.Entries, e => e.Message.Contains("hunter2", StringComparison.Ordinal));
    }
}
