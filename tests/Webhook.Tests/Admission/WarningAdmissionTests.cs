using System.Text;
using System.Text.Json.Nodes;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Admission;

/// <summary>Issue 16, case 5 and governed suppressions: what the warnings say, how long they are, which are sent.</summary>
public sealed class WarningAdmissionTests
{
    /// <summary>Rules at their own severities (CG1021 is info), with CG1013 an error.</summary>
    private const string DefaultSeverities = "rules: { CG1013: error }\n";

    [Fact]
    public async Task Case5_every_warning_fits_in_120_characters_and_ends_on_a_word_or_an_ellipsis()
    {
        await using var webhook = await RunningWebhook.StartAsync(RunningWebhook.IsolatingPolicy);
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep.Replace("\"request-duration\"", "\"request-duration-of-the-checkout-service-measured-at-the-ingress-gateway\"", StringComparison.Ordinal));
        canary["spec"]!["analysis"]!["metrics"]!.AsArray().Add(JsonNode.Parse("""{"name": "a-metric-whose-name-says-a-great-deal-about-what-it-checks-and-why-it-matters", "thresholdRange": {"max": 1}, "interval": "1m"}"""));

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(canary));

        var warnings = Reviews.Warnings(review);
        Assert.Contains(warnings, w => w.EndsWith("...", StringComparison.Ordinal));
        Assert.All(warnings, w =>
        {
            Assert.True(Encoding.UTF8.GetByteCount(w) <= 120, $"{w.Length}: {w}");
            Assert.Matches(@"^(CG[0-9]{4}|canaryguard): ", w);
            Assert.Matches(@"(\w|\)|'|""|\.\.\.)$", w);
            Assert.DoesNotMatch(@"\s\.\.\.$", w);
        });
    }

    [Fact]
    public async Task A_shortened_warning_is_logged_in_full()
    {
        await using var webhook = await RunningWebhook.StartAsync(RunningWebhook.IsolatingPolicy);
        var canary = Reviews.Canary(Reviews.AnalysisSingleStep);
        canary["spec"]!["analysis"]!["metrics"]!.AsArray().Add(JsonNode.Parse("""{"name": "a-metric-whose-name-says-a-great-deal-about-what-it-checks-and-why-it-matters", "thresholdRange": {"max": 1}, "interval": "1m"}"""));

        var review = await webhook.ReviewAsync("/validate", Reviews.Review(canary));

        var shortened = Assert.Single(Reviews.Warnings(review), w => w.StartsWith("CG1017", StringComparison.Ordinal));
        Assert.Contains(webhook.Logs.Entries, e => e.Message.Contains("in full", StringComparison.Ordinal) && e.Message.Contains("a-metric-whose-name-says-a-great-deal-about-what-it-checks-and-why-it-matters", StringComparison.Ordinal) && e.Message.Contains(": Flagger fails it at every analysis", StringComparison.Ordinal));
        Assert.DoesNotContain(": Flagger fails it at every analysis", shortened, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_findings_are_sent_only_when_warnAt_is_info()
    {
        await using var byDefault = await RunningWebhook.StartAsync(DefaultSeverities);
        await using var chatty = await RunningWebhook.StartAsync(DefaultSeverities + "admission: { warnAt: info }\n");
        var review = Reviews.Review(Reviews.Canary("""{"interval": "1m", "threshold": 5, "maxWeight": 50, "stepWeight": 10, "metrics": [{"name": "request-success-rate", "thresholdRange": {"min": 99}, "interval": "1m"}]}"""));

        var quiet = Reviews.Warnings(await byDefault.ReviewAsync("/validate", review));
        var told = Reviews.Warnings(await chatty.ReviewAsync("/validate", review));

        Assert.DoesNotContain(quiet, w => w.StartsWith("CG1021", StringComparison.Ordinal));
        Assert.Contains(told, w => w.StartsWith("CG1021: the analysis checks metrics but has no rollout or pre-rollout webhook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suppression_the_policy_does_not_allow_is_refused_with_a_warning_and_an_allowed_one_works()
    {
        await using var webhook = await RunningWebhook.StartAsync(RunningWebhook.IsolatingPolicy + "\nadmission: { annotationSuppressions: [CG1005] }\n");

        var refused = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisWithoutChecks, suppress: "CG1013: we know")));
        var allowed = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep, suppress: "CG1005: one step is enough here")));

        Assert.False(Reviews.Response(refused)["allowed"]!.GetValue<bool>());
        Assert.Contains("CG0006: canaryguard.io/suppress may not suppress CG1013 here (policy admission.annotationSuppressions)", Reviews.Warnings(refused));
        Assert.True(Reviews.Response(allowed)["allowed"]!.GetValue<bool>());
        Assert.DoesNotContain(Reviews.Warnings(allowed), w => w.StartsWith("CG1005", StringComparison.Ordinal) || w.StartsWith("CG0006", StringComparison.Ordinal));
    }
}
