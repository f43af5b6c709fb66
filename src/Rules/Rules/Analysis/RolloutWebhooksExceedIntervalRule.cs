using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1022: rollout webhooks that can outlast the interval delay every analysis.</summary>
public sealed class RolloutWebhooksExceedIntervalRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1022",
        "Rollout webhooks can outlast the interval",
        "rollout webhooks can take up to {0} per analysis (timeout x (retries + 1), summed over {1}), longer than the interval ({2}): slow hooks delay every analysis and the rollback",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger calls the rollout webhooks one after the other at each analysis, each attempt bounded by its timeout (10s by default) and repeated up to retries times. When that can take longer than the interval, analyses run late: the rollout is slower than planned and a failing canary keeps its traffic longer.",
        admissionMessageFormat: "rollout webhooks can take up to {0} per analysis, longer than the interval ({2})");

    /// <summary>Huge retry counts are reported as "at least a year" rather than overflowing TimeSpan.</summary>
    private static readonly double MaxReportedSeconds = TimeSpan.FromDays(365).TotalSeconds;

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null || AnalysisFacts.EffectiveInterval(analysis) is not { } interval || analysis.Node.Sequence("webhooks") is not { } webhooksNode)
        {
            return;
        }

        double totalSeconds = 0;
        var names = new List<string>();
        // A loadtester command run in the background is answered at once, whatever its timeout.
        foreach (var webhook in analysis.Webhooks.Where(w => w.Type == AnalysisFacts.RolloutHook && !WebhookCommands.RunsInBackground(w)))
        {
            if (!AnalysisFacts.TryGetWebhookTimeout(webhook, out var timeout) || !AnalysisFacts.TryGetWebhookRetries(webhook, out var retries))
            {
                return;
            }

            // A zero timeout means no timeout at all; there is no bound to add up (CG1023 covers such hooks).
            if (timeout > TimeSpan.Zero)
            {
                totalSeconds += timeout.TotalSeconds * (retries + 1);
                names.Add(webhook.Name ?? webhook.Node.Path);
            }
        }

        if (totalSeconds > interval.TotalSeconds)
        {
            var total = TimeSpan.FromSeconds(Math.Min(totalSeconds, MaxReportedSeconds));
            context.Report(Rule, webhooksNode, GoDuration.Format(total), string.Join(", ", names), GoDuration.Format(interval));
        }
    }
}
