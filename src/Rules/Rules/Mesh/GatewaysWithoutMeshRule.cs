using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>CG3005: a VirtualService bound only to gateways does not split in-mesh traffic.</summary>
public sealed class GatewaysWithoutMeshRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG3005",
        "Canary gateways without mesh",
        "service.gateways ({0}) does not include 'mesh': in-mesh callers bypass the canary's traffic split, and the analysis sees only gateway traffic",
        RuleCategories.Mesh,
        DiagnosticSeverity.Warning,
        "Flagger binds the VirtualService it generates to service.gateways. Without the reserved gateway 'mesh', calls from other pods in the mesh go to the Kubernetes Service directly, unweighted, and the canary is judged on gateway traffic alone.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { Service: { } service } canary || !MeshProviders.IsIstio(canary, context.Policy)
            || service.Sequence("gateways") is not { Count: > 0 } gateways
            || service.Scalar("delegation") is { } delegation && delegation.TryGetBool(out var delegated) && delegated)
        {
            return;
        }

        var names = gateways.Items.OfType<ScalarNode>().Select(g => g.Value).ToList();
        if (!names.Contains("mesh", StringComparer.Ordinal))
        {
            context.Report(Rule, gateways, string.Join(", ", names));
        }
    }
}
