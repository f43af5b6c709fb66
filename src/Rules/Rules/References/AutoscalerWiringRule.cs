using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2006: the autoscalerRef, the autoscaler and the target must agree, or the primary is not autoscaled.</summary>
public sealed class AutoscalerWiringRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2006",
        "Autoscaler wiring is broken",
        "autoscalerRef names {0} '{1}', which does not exist in namespace '{2}': Flagger cannot create the primary's autoscaler{3}",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "Flagger copies the autoscaler named by autoscalerRef to <name>-primary, pointed at <target>-primary whatever the original scales. The autoscaler must exist and scale the Canary's target: one that scales another workload keeps doing so (two autoscalers then fight over it) while the canary is not autoscaled during the analysis; an autoscaler on the target that the Canary does not name is left scaling the canary workload only.",
        admissionMessageFormat: "autoscalerRef {0} '{1}' not found yet: Flagger waits for it");

    public static readonly DiagnosticDescriptor WrongTarget = new(
        "CG2006",
        Rule.Title,
        "autoscalerRef names {0} '{1}', which scales {2} '{3}', not the target {4} '{5}': Flagger points its {1}-primary copy at the primary, but '{1}' itself keeps scaling {2} '{3}' (fighting any other autoscaler of it) and the canary is not autoscaled during the analysis",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        Rule.Description);

    public static readonly DiagnosticDescriptor NotReferenced = new(
        "CG2006",
        Rule.Title,
        "{0} '{1}' scales the target {2} '{3}' but the Canary has no autoscalerRef: the primary, which serves the traffic, is not autoscaled",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, WrongTarget, NotReferenced];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.AutoscalerInputs];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { } canary || canary.TargetKind() is not { } targetKind || canary.TargetName() is not { } targetName)
        {
            return;
        }

        if (canary.AutoscalerRef is { } reference)
        {
            CheckReference(context, reference, targetKind, targetName);
            return;
        }

        var unreferenced = ResourceQueries.AutoscalersOf(context, targetKind, targetName).FirstOrDefault();
        if (unreferenced is not null && canary.TargetRef is { } targetRef)
        {
            context.ReportRelated(NotReferenced, targetRef, unreferenced.Resource, unreferenced.Resource.Kind, unreferenced.Resource.Name, targetKind, targetName);
        }
    }

    private static void CheckReference(RuleContext context, MappingNode reference, string targetKind, string targetName)
    {
        var kind = reference.String("kind");
        if (HorizontalPodAutoscalerView.GroupOf(kind) is not { } group || reference.Scalar("name") is not { IsNull: false } nameNode)
        {
            return;
        }

        var autoscaler = HorizontalPodAutoscalerView.From(context.Lookup.Find(group, kind!, context.Namespace, nameNode.Value));
        if (autoscaler is null)
        {
            context.ReportMissing(Rule, nameNode, new ObjectReference(group, kind!, context.Namespace, nameNode.Value), kind, nameNode.Value, context.Namespace);
        }
        else if (autoscaler.TargetName is not null && !autoscaler.Scales(targetKind, targetName))
        {
            context.ReportRelated(WrongTarget, nameNode, autoscaler.Resource, kind, nameNode.Value, autoscaler.TargetKind, autoscaler.TargetName, targetKind, targetName);
        }
    }
}
