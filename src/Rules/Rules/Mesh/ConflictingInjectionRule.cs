using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>CG3004: injection settings that disagree, or that Istio reads differently from how they look.</summary>
public sealed class ConflictingInjectionRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG3004",
        "Conflicting Istio injection settings",
        "the pod template's label {0}: \"{1}\" and annotation {0}: \"{2}\" disagree: the label decides which webhook sees the pod, the annotation what the injector then does",
        RuleCategories.Mesh,
        DiagnosticSeverity.Warning,
        "Istio decides injection from several places. When they disagree, or a value is not exactly \"true\" or \"false\", the outcome differs from what the manifest suggests.");

    public static readonly DiagnosticDescriptor NotTrueOrFalse = new(
        "CG3004",
        Rule.Title,
        "{0} value \"{1}\" is neither \"true\" nor \"false\": Istio compares the exact string, so it neither opts in nor opts out",
        RuleCategories.Mesh,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public static readonly DiagnosticDescriptor NamespaceBoth = new(
        "CG3004",
        Rule.Title,
        "namespace '{0}' has both istio-injection and istio.io/rev labels: istio-injection wins and the revision label is ignored (IST0123)",
        RuleCategories.Mesh,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public override IReadOnlyList<ResourceKind> Inputs => MeshProviders.Inputs;

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, NotTrueOrFalse, NamespaceBoth];

    public override bool AppliesTo(KubernetesResource resource) => DeploymentView.IsWorkload(resource) || NamespaceView.IsNamespace(resource);

    public override void Analyze(RuleContext context)
    {
        if (NamespaceView.From(context.Resource) is { Labels: { } labels }
            && labels.ContainsKey(IstioInjection.NamespaceLabel) && labels[IstioInjection.RevisionLabel] is { } revision)
        {
            context.Report(NamespaceBoth, revision, context.Resource.Name);
        }

        if (DeploymentView.From(context.Resource) is not { } workload || !MeshProviders.IstioApplies(context))
        {
            return;
        }

        // Non-string values (an unquoted yes) are CG4002's: the API server rejects them before Istio sees them.
        var label = workload.PodLabels?.Scalar(IstioInjection.PodLabel) is { Kind: ScalarKind.String } l ? l : null;
        var annotation = workload.PodAnnotations?.Scalar(IstioInjection.PodLabel) is { Kind: ScalarKind.String } a ? a : null;
        foreach (var node in new[] { label, annotation }.OfType<ScalarNode>().Where(n => n.Value is not ("true" or "false")))
        {
            context.Report(NotTrueOrFalse, node, IstioInjection.PodLabel, node.Value);
        }

        if (label is not null && annotation is not null && label.Value != annotation.Value)
        {
            context.Report(Rule, annotation, IstioInjection.PodLabel, label.Value, annotation.Value);
        }
    }
}
