using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// CG1023: a rollback hook at an endpoint that always answers 2xx (every release is rolled back), or a
/// confirm-* hook with a zero timeout (a hanging gate stalls the canary for good).
/// </summary>
public sealed class WebhookDefeatsItsTypeRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1023",
        "Webhook endpoint defeats its hook type",
        "webhook {0} is a {1} hook {2}: {3}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "A rollback hook that answers 2xx tells Flagger to roll back; pointed at an endpoint that always succeeds (flagger-loadtester's /gate/approve, /gate/open, /rollback/open ...), it fails every release. A confirm-rollout, confirm-promotion or confirm-traffic-increase hook with timeout 0s is called without any timeout: a gate that never answers stalls the canary's analysis loop, rollback hooks included.");

    /// <summary>flagger-loadtester endpoints that answer 2xx whatever the canary: approvals, gate toggles, health.</summary>
    private static readonly HashSet<string> AlwaysSuccessfulPaths = new(StringComparer.Ordinal)
    {
        "/gate/approve", "/gate/open", "/gate/close", "/rollback/open", "/rollback/close", "/healthz",
    };

    private static readonly HashSet<string> ConfirmHooks = new(StringComparer.Ordinal)
    {
        "confirm-rollout", "confirm-promotion", "confirm-traffic-increase",
    };

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        foreach (var webhook in analysis.Webhooks)
        {
            var type = webhook.Type;
            var name = webhook.Name ?? webhook.Node.Path;
            if (type == AnalysisFacts.RollbackHook && webhook.Node.Scalar("url") is { } url && AlwaysSucceeds(url.Value, out var path))
            {
                context.Report(Rule, url, name, type, $"calling {path}, which always answers 2xx", "Flagger reads that as a rollback request and fails every release");
            }
            else if (ConfirmHooks.Contains(type) && webhook.Timeout is { } timeoutNode
                && AnalysisFacts.TryGetWebhookTimeout(webhook, out var timeout) && timeout == TimeSpan.Zero)
            {
                context.Report(Rule, timeoutNode, name, type, $"with timeout {timeoutNode.Display}", "the call has no timeout at all, and a gate that never answers stalls the canary's analysis and rollback hooks");
            }
        }
    }

    private static bool AlwaysSucceeds(string url, out string path)
    {
        path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath.TrimEnd('/') : string.Empty;
        return AlwaysSuccessfulPaths.Contains(path);
    }
}
