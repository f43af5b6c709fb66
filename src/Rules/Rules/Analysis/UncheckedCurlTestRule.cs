using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// CG1030: an acceptance test that cannot fail: its curl exits 0 on an HTTP error, or flagger-loadtester runs it in
/// the background and answers before it ends, so the gate it looks like never closes.
/// </summary>
public sealed class UncheckedCurlTestRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1030",
        "Acceptance test that cannot fail",
        "webhook {0} is a pre-rollout test whose curl has no -f/--fail and nothing checks its output: curl exits 0 on an HTTP 500, so the test passes whatever the canary answers",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "flagger-loadtester fails a command webhook only when the command exits non-zero. curl exits 0 whenever it got an answer, 404 and 500 included, unless told -f (--fail, --fail-with-body). Without it, and without a pipe into grep or jq that looks at the body, the acceptance test only proves that the canary accepted a connection.");

    public static readonly DiagnosticDescriptor InBackground = new(
        "CG1030",
        Rule.Title,
        "webhook {0} is a {1} test that flagger-loadtester runs in the background: without metadata.type bash it queues the command and answers 202 at once, so the hook passes whatever the command does; set type: bash",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        Rule.Description);

    /// <summary>Hooks whose answer holds the canary back: the acceptance test and the confirmation gates.</summary>
    private static readonly HashSet<string> TestHooks = new(StringComparer.Ordinal)
    {
        AnalysisFacts.PreRolloutHook, "confirm-rollout", "confirm-promotion", "confirm-traffic-increase",
    };

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, InBackground];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        foreach (var webhook in analysis?.Webhooks ?? [])
        {
            if (!TestHooks.Contains(webhook.Type) || WebhookCommands.Command(webhook) is not { } command)
            {
                continue;
            }

            var name = webhook.Name ?? webhook.Node.Path;

            // Reported at metadata, where type: bash goes; a load generator warming the canary up may run in the background.
            if (WebhookCommands.RunsInBackground(webhook) && !WebhookCommands.IsLoadTest(webhook))
            {
                context.Report(InBackground, webhook.Node.Mapping("metadata")!, name, webhook.Type);
            }
            else if (webhook.Type == AnalysisFacts.PreRolloutHook && WebhookCommands.HasUncheckedCurl(command.Value))
            {
                context.Report(Rule, command, name);
            }
        }
    }
}
