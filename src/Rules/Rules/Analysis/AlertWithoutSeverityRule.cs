using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// CG1028: an alert with no severity. Flagger (pkg/controller/events.go) sends an alert when its severity is info,
/// or equals (or, for warn, is below) the event's; an empty severity matches no event, whatever the CRD's
/// "default info" description says.
/// </summary>
public sealed class AlertWithoutSeverityRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1028",
        "Alert has no severity",
        "alert {0} has no severity: Flagger matches an empty severity against no event, so this alert is never sent",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger never fills in an alert's severity. An alert without one (or with \"\") matches none of the info, warn and error events and its provider is never called; set severity: info to receive every event.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        foreach (var alert in analysis.Alerts)
        {
            // Only a missing, null or empty string severity; other values are the input rules' business.
            if (alert["severity"] is null or ScalarNode { IsNull: true } or ScalarNode { Value.Length: 0 })
            {
                context.Report(Rule, alert.Scalar("severity") ?? AnalysisFacts.Anchor(alert), alert.String("name") ?? alert.Path);
            }
        }
    }
}
