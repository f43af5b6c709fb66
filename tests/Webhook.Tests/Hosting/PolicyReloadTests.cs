using System.Net;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
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

    /// <summary>
    /// Exiting would crash-loop, and with failurePolicy Fail block every Canary write: the server starts on the
    /// built-in policy, ready, and says so in the log, the /readyz text and a gauge until the file loads.
    /// </summary>
    [Theory]
    [InlineData("admission: { denyAt: sometimes }\n", "'sometimes' is not a value for 'admission.denyAt'")]
    [InlineData("", "the file is empty")]
    [InlineData("# truncated\n\n---\n", "the file is empty")]
    public async Task A_policy_that_does_not_load_at_start_leaves_the_built_in_policy_in_force_and_says_so(string policy, string problem)
    {
        await using var webhook = await RunningWebhook.StartAsync(policy, recheckInterval: TimeSpan.FromMilliseconds(200));

        Assert.Same(CanaryGuardPolicy.Default, webhook.Server.Policies.Current);
        var line = Assert.Single(webhook.Logs.Entries, e => e.EventId == 12);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, line.Level);
        Assert.StartsWith($"policy {webhook.PolicyPath} rejected at start, the built-in defaults are in force until it loads: ", line.Message, StringComparison.Ordinal);
        Assert.Contains(problem, line.Message, StringComparison.Ordinal);
        var (status, text) = await webhook.GetHealthAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith($"ready; policy {webhook.PolicyPath} rejected, the built-in defaults are in force: ", text, StringComparison.Ordinal);
        Assert.Contains(problem, text, StringComparison.Ordinal);
        Assert.Equal(0, await PolicyGauge(webhook));
        Assert.False(await AllowedAsync(webhook, Reviews.Review(Reviews.Canary(Reviews.AnalysisWithoutChecks)).ToJsonString()));

        await webhook.WritePolicyAsync(RunningWebhook.IsolatingPolicy);
        await WaitUntil(() => webhook.Server.Policies.Problem is null);

        Assert.Equal((HttpStatusCode.OK, "ready\n"), await webhook.GetHealthAsync("/readyz"));
        Assert.Equal(1, await PolicyGauge(webhook));
    }

    [Fact]
    public async Task An_emptied_policy_file_is_rejected_keeping_the_last_good()
    {
        await using var webhook = await RunningWebhook.StartAsync(RunningWebhook.IsolatingPolicy + "\nadmission: { denyAt: none }\n", recheckInterval: TimeSpan.FromMilliseconds(200));

        await webhook.WritePolicyAsync("\n");
        await WaitUntil(() => webhook.Logs.Entries.Any(e => e.EventId == 11));

        Assert.Equal(DiagnosticSeverity.None, webhook.Server.Policies.Current.Admission.DenyAt);
        Assert.Contains("the file is empty", webhook.Server.Policies.Problem, StringComparison.Ordinal);
        Assert.Equal(0, await PolicyGauge(webhook));
    }

    private static async Task<double?> PolicyGauge(RunningWebhook webhook) =>
        PrometheusText.Parse((await webhook.GetHealthAsync("/metrics")).Body).Value("canaryguard_policy_file_in_force");

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
