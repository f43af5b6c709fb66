using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1030: an acceptance test whose curl exits 0 on an HTTP error, so the gate it looks like never closes.</summary>
public sealed class UncheckedCurlTestRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1030",
        "Acceptance test that cannot fail",
        "webhook {0} is a pre-rollout test whose curl has no -f/--fail and nothing checks its output: curl exits 0 on an HTTP 500, so the test passes whatever the canary answers",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "flagger-loadtester fails a command webhook only when the command exits non-zero. curl exits 0 whenever it got an answer, 404 and 500 included, unless told -f (--fail, --fail-with-body). Without it, and without a pipe into grep or jq that looks at the body, the acceptance test only proves that the canary accepted a connection.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        foreach (var webhook in analysis?.Webhooks ?? [])
        {
            if (webhook.Type == AnalysisFacts.PreRolloutHook && WebhookCommands.Command(webhook) is { } command && WebhookCommands.HasUncheckedCurl(command.Value))
            {
                context.Report(Rule, command, webhook.Name ?? webhook.Node.Path);
            }
        }
    }
}
