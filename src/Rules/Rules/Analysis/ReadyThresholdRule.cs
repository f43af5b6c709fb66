using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1026: a primary or canary ready threshold that makes readiness meaningless or unreachable.</summary>
public sealed class ReadyThresholdRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1026",
        "Ready threshold out of range",
        "{0} ({1}) {2}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "primaryReadyThreshold and canaryReadyThreshold are the percentage of updated pods that must be available (default 100). At 0 or below a workload with no available pod counts as ready; above 100 it never does and the canary is rolled back at the progress deadline; below 50 most pods may still be failing.");

    /// <summary>Below this, a workload counts as ready while most of its pods are not.</summary>
    private const double MajorityPercent = 50;

    private const double AllPods = 100;

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var analysis = CanaryView.From(context.Resource)?.Analysis;
        if (analysis is null)
        {
            return;
        }

        Check(context, "primaryReadyThreshold", analysis.PrimaryReadyThreshold);
        Check(context, "canaryReadyThreshold", analysis.CanaryReadyThreshold);
    }

    private static void Check(RuleContext context, string field, ScalarNode? node)
    {
        if (node is null || !node.TryGetDouble(out var percent))
        {
            return;
        }

        if (percent <= 0)
        {
            context.Report(Rule, DiagnosticSeverity.Error, node, field, node.Display, "is not above 0: the workload counts as ready with no pod available");
        }
        else if (percent > AllPods)
        {
            context.Report(Rule, DiagnosticSeverity.Error, node, field, node.Display, "is above 100: the workload never counts as ready and every release is rolled back");
        }
        else if (percent < MajorityPercent)
        {
            context.Report(Rule, DiagnosticSeverity.Warning, node, field, node.Display, "is below 50: the workload counts as ready while most of its pods are unavailable");
        }
    }
}
