using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Admission;

/// <summary>
/// Issue 16, case 4: an UPDATE is judged by what it changes. The shared server runs the isolating policy, where
/// CG1013 (an analysis that checks nothing) is the one error.
/// </summary>
[Collection(SharedWebhookDefinition.Name)]
public sealed class UpdateAdmissionTests(WebhookFixture fixture)
{
    private RunningWebhook Webhook => fixture.Webhook;

    [Fact]
    public async Task Case4_a_metadata_only_update_of_a_violating_canary_is_admitted_with_its_findings_as_warnings()
    {
        var stored = Reviews.Canary(Reviews.AnalysisWithoutChecks);
        var labelled = WithFlaggerMetadata(stored);

        var review = await Webhook.ReviewAsync("/validate", Reviews.Update(labelled, stored));

        AssertAllowed(review);
        var warnings = Reviews.Warnings(review);
        Assert.Contains("canaryguard: 1 finding at error not denied: this update changes only metadata or status", warnings);
        Assert.Contains(warnings, w => w.StartsWith("CG1013: the analysis has no metrics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Case4_an_update_that_removes_all_metrics_from_a_safe_canary_is_denied()
    {
        var safe = Reviews.Canary(Reviews.AnalysisSingleStep);
        var stripped = Reviews.Canary(Reviews.AnalysisWithoutChecks);

        var response = Reviews.Response(await Webhook.ReviewAsync("/validate", Reviews.Update(stripped, safe)));

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Contains("\nCG1013 spec.analysis: the analysis has no metrics", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_that_keeps_a_finding_the_object_already_had_is_admitted_with_it_as_a_warning()
    {
        var stored = Reviews.Canary(Reviews.AnalysisWithoutChecks);
        var retuned = Reviews.Canary(Reviews.AnalysisWithoutChecks.Replace("\"maxWeight\": 50", "\"maxWeight\": 40", StringComparison.Ordinal));

        var review = await Webhook.ReviewAsync("/validate", Reviews.Update(retuned, stored));

        AssertAllowed(review);
        Assert.Contains("canaryguard: 1 finding at error not denied: the object had them before this update", Reviews.Warnings(review));
    }

    [Fact]
    public async Task With_updates_strict_the_same_update_is_denied_but_a_metadata_only_one_is_still_admitted()
    {
        await using var strict = await RunningWebhook.StartAsync(RunningWebhook.IsolatingPolicy + "\nadmission: { updates: strict }\n");
        var stored = Reviews.Canary(Reviews.AnalysisWithoutChecks);
        var retuned = Reviews.Canary(Reviews.AnalysisWithoutChecks.Replace("\"maxWeight\": 50", "\"maxWeight\": 40", StringComparison.Ordinal));

        var changed = Reviews.Response(await strict.ReviewAsync("/validate", Reviews.Update(retuned, stored)));
        var labelled = await strict.ReviewAsync("/validate", Reviews.Update(WithFlaggerMetadata(stored), stored));

        Assert.False(changed["allowed"]!.GetValue<bool>());
        AssertAllowed(labelled);
    }

    /// <summary>What Flagger and a platform team change on a live Canary: labels, annotations, the finalizer, status.</summary>
    private static JsonObject WithFlaggerMetadata(JsonObject canary)
    {
        var updated = canary.DeepClone().AsObject();
        var metadata = updated["metadata"]!.AsObject();
        metadata["labels"] = new JsonObject { ["team"] = "checkout" };
        metadata["annotations"] = new JsonObject { ["owner"] = "platform" };
        metadata["finalizers"] = new JsonArray("finalizers.flagger.app");
        updated["status"] = new JsonObject { ["phase"] = "Initialized" };
        return updated;
    }

    private static void AssertAllowed(JsonObject review) =>
        Assert.True(Reviews.Response(review)["allowed"]!.GetValue<bool>(), Reviews.Response(review).ToJsonString());
}
