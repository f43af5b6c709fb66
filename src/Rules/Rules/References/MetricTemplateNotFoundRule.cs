using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2010: a metric's templateRef must name a MetricTemplate that exists.</summary>
public sealed class MetricTemplateNotFoundRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2010",
        "Metric template not found",
        "metric '{0}' refers to MetricTemplate '{1}' in namespace '{2}', which does not exist: the check fails and the canary is rolled back{3}",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "Flagger reads the MetricTemplate at every analysis; when it is missing the metric check fails, and after threshold failures the canary is rolled back.",
        admissionMessageFormat: "MetricTemplate '{2}/{1}' not found yet: metric '{0}' fails if it is still missing at analysis");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [ReadKinds.MetricTemplate];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        foreach (var metric in CanaryView.From(context.Resource)?.Analysis?.Metrics ?? [])
        {
            if (metric.TemplateRef is not { } templateRef || templateRef.Scalar("name") is not { IsNull: false } nameNode)
            {
                continue;
            }

            // A templateRef without a namespace is looked up in the Canary's namespace.
            var ns = templateRef.String("namespace") ?? context.Namespace;
            if (context.Lookup.Find(MetricTemplateView.Group, MetricTemplateView.KindName, ns, nameNode.Value) is null)
            {
                context.ReportMissing(Rule, nameNode, new ObjectReference(MetricTemplateView.Group, MetricTemplateView.KindName, ns, nameNode.Value), metric.Name ?? "(unnamed)", nameNode.Value, ns);
            }
        }
    }
}
