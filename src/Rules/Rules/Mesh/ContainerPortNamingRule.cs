using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.References;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>CG3006 (istioctl IST0118): Istio picks a port's protocol from its name prefix.</summary>
public sealed class ContainerPortNamingRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG3006",
        "Container port name does not follow Istio's protocol naming",
        "container port name '{0}' does not start with an Istio protocol ({1}) alone or followed by '-': Istio has to guess the protocol",
        RuleCategories.Mesh,
        DiagnosticSeverity.Info,
        "Istio selects a port's protocol from its name, <protocol>[-<suffix>] (istioctl IST0118). Other names leave it to protocol sniffing, which can treat HTTP as TCP and hide the requests from the metrics.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.CanaryInputs];

    public override bool AppliesTo(KubernetesResource resource) => DeploymentView.IsWorkload(resource);

    public override void Analyze(RuleContext context)
    {
        if (DeploymentView.From(context.Resource) is not { } workload)
        {
            return;
        }

        var ports = workload.Containers.SelectMany(c => c.Ports).Where(p => p.Name is { IsNull: false } name && !IstioPortNames.Selects(name.Value, IstioPortNames.AllProtocols)).ToList();
        if (ports.Count == 0 || !ResourceQueries.CanariesTargeting(context, context.Resource).Any(c => MeshProviders.IsIstio(c, context.Policy)))
        {
            return;
        }

        foreach (var port in ports)
        {
            context.Report(Rule, port.Name!, port.Name!.Value, string.Join(", ", IstioPortNames.AllProtocols));
        }
    }
}
