using System.Net;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Webhook.Tests.Infrastructure;

namespace CanaryGuard.Webhook.Tests.Hosting;

public sealed class PolicyReloadTests
{
    [Fact]
    public async Task A_good_new_policy_takes_effect_and_a_bad_one_is_rejected_keeping_the_last_good()
    {
        await using var webhook = await RunningWebhook.StartAsync(recheckInterval: TimeSpan.FromMilliseconds(200));
        var unsafeCanary = Reviews.Review(Reviews.Canary(Reviews.AnalysisWithoutChecks));
        Assert.False(await AllowedAsync(webhook, unsafeCanary.ToJsonString()));

        await webhook.WritePolicyAsync(RunningWebhook.IsolatingPolicy + "\nadmission: { denyAt: none }\n");
        await WaitUntil(() => webhook.Server.Policies.Current.Admission.DenyAt == DiagnosticSeverity.None);

        var audited = await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisWithoutChecks)));
        Assert.True(Reviews.Response(audited)["allowed"]!.GetValue<bool>());
        Assert.Contains(Reviews.Warnings(audited), w => w.StartsWith("CG1013: ", StringComparison.Ordinal));

        await webhook.WritePolicyAsync("admission: { denyAt: sometimes }\n");
        await WaitUntil(() => webhook.Logs.Entries.Any(e => e.EventId == 11));

        Assert.Equal(DiagnosticSeverity.None, webhook.Server.Policies.Current.Admission.DenyAt);
        Assert.True(await AllowedAsync(webhook, unsafeCanary.ToJsonString()));
        var rejection = webhook.Logs.Entries.Single(e => e.EventId == 11);
        Assert.Contains("'sometimes' is not a value for 'admission.denyAt'", rejection.Message, StringComparison.Ordinal);
        Assert.Equal(1, webhook.Server.Metrics.PolicyReloads.Value("failure"));
        Assert.Equal(2, webhook.Server.Metrics.PolicyReloads.Value("success"));
    }

    [Fact]
    public async Task DenyAt_warning_denies_a_canary_with_only_a_warning()
    {
        await using var webhook = await RunningWebhook.StartAsync(RunningWebhook.IsolatingPolicy + "\nadmission: { denyAt: warning }\n");

        var response = Reviews.Response(await webhook.ReviewAsync("/validate", Reviews.Review(Reviews.Canary(Reviews.AnalysisSingleStep))));

        Assert.False(response["allowed"]!.GetValue<bool>());
        Assert.Contains("\nCG1005 spec.analysis.stepWeight: stepWeight (50) is not below maxWeight (50)", response["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_does_not_start_with_an_invalid_policy()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => RunningWebhook.StartAsync("admission: { denyAt: sometimes }\n"));
    }

    private static async Task<bool> AllowedAsync(RunningWebhook webhook, string review)
    {
        using var response = await webhook.PostAsync("/validate", review);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["response"]!["allowed"]!.GetValue<bool>();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the policy change was not picked up within 10 s");
            await Task.Delay(50);
        }
    }
}
