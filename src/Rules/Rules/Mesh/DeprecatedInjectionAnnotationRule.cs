using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>CG3003 (istioctl IST0135): the sidecar.istio.io/inject annotation is deprecated; the webhooks select on labels.</summary>
public sealed class DeprecatedInjectionAnnotationRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG3003",
        "Injection set only by the deprecated annotation",
        "injection is set only by the deprecated annotation {0}: \"{1}\": Istio's webhook objectSelectors see labels only, so use the label {0} instead",
        RuleCategories.Mesh,
        DiagnosticSeverity.Warning,
        "Istio's injection webhooks choose pods with objectSelectors on labels. The sidecar.istio.io/inject annotation is deprecated (istioctl IST0135): an annotation \"true\" does not opt a pod in outside an injection-enabled namespace.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => DeploymentView.IsWorkload(resource);

    public override void Analyze(RuleContext context)
    {
        if (DeploymentView.From(context.Resource) is { } workload
            && workload.PodAnnotations?.Scalar(IstioInjection.PodLabel) is { IsNull: false } annotation
            && workload.PodLabels?.ContainsKey(IstioInjection.PodLabel) != true
            && MeshProviders.IstioApplies(context))
        {
            context.Report(Rule, annotation, IstioInjection.PodLabel, annotation.Value);
        }
    }
}
