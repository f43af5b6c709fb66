using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2009: two Canaries on one workload fight over the same primary and Services.</summary>
public sealed class DuplicateCanaryTargetRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2009",
        "Two Canaries target the same workload",
        "Canary '{0}' also targets {1} '{2}': both generate '{2}-primary' and overwrite each other's routing",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "Each Canary creates and drives the target's primary workload and its Services. Two Canaries on one target undo each other's weights and promotions.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.CanaryInputs];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { } canary || canary.TargetKind() is not { } kind
            || canary.TargetName() is not { } target || canary.TargetRef?.Scalar("name") is not { } at)
        {
            return;
        }

        // Other definitions of the same Canary (same name) are versions of one object, not a second Canary.
        var other = ResourceQueries.CanariesTargeting(context, kind, target).FirstOrDefault(c => c.Resource.Name != context.Resource.Name);
        if (other is not null)
        {
            context.ReportRelated(Rule, at, other.Resource, other.Resource.Name, kind, target);
        }
    }
}
