using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2001: the Canary's targetRef must name a Deployment or DaemonSet that exists.</summary>
public sealed class TargetNotFoundRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2001",
        "Canary target not found or not a Deployment/DaemonSet",
        "targetRef names {0} '{1}', which does not exist in namespace '{2}': Flagger never initializes the Canary{3}",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "Flagger waits for the target workload and reports the Canary as failed to initialize when it is missing.",
        admissionMessageFormat: "{0} '{1}' not found yet: Flagger waits for it");

    public static readonly DiagnosticDescriptor WrongKind = new(
        "CG2001",
        Rule.Title,
        "targetRef kind '{0}' is not a workload Flagger canaries: use a Deployment or a DaemonSet",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, WrongKind];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.TargetInputs];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { TargetRef: { } targetRef } canary
            || targetRef.Scalar("kind") is not { IsNull: false } kindNode || targetRef.Scalar("name") is not { IsNull: false } nameNode)
        {
            return;
        }

        if (!DeploymentView.IsWorkloadKind(kindNode.Value))
        {
            context.Report(WrongKind, kindNode, kindNode.Value);
            return;
        }

        if (ResourceQueries.Target(context, canary) is null)
        {
            context.ReportMissing(Rule, nameNode, new ObjectReference(DeploymentView.Group, kindNode.Value, context.Namespace, nameNode.Value), kindNode.Value, nameNode.Value, context.Namespace);
        }
    }
}
