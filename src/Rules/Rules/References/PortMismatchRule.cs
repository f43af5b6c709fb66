using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Rules.Mesh;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2008: the Canary's service ports must reach the target's containers, over a protocol the metrics can see.</summary>
public sealed class PortMismatchRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2008",
        "Canary service port does not match the target",
        "service targetPort '{0}' matches no container port name of {1} '{2}' (ports: {3}): the generated Services route traffic nowhere",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "The Services Flagger generates send traffic to service.targetPort (service.port when unset). A port name no container declares resolves to nothing; a number no container declares usually means the app listens elsewhere. For Istio, the port name decides the protocol: builtin HTTP metrics need an http or grpc port.");

    public static readonly DiagnosticDescriptor NumberNotDeclared = new(
        "CG2008",
        Rule.Title,
        "service targetPort {0} matches no containerPort of {1} '{2}' (ports: {3}): unless the app listens on an undeclared port, the generated Services reach nothing",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public static readonly DiagnosticDescriptor PortNameNotHttp = new(
        "CG2008",
        Rule.Title,
        "service portName '{0}' does not name an http or grpc port: Istio treats the traffic as opaque TCP, so the builtin metric '{1}' finds no values",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public static readonly DiagnosticDescriptor TcpWithHttpMetrics = new(
        "CG2008",
        Rule.Title,
        "service appProtocol is '{0}' while the analysis uses the builtin HTTP metric '{1}': TCP traffic produces no request metrics, so every check finds no values",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, NumberNotDeclared, PortNameNotHttp, TcpWithHttpMetrics];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [.. ResourceQueries.TargetInputs];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { Service: { } service } canary)
        {
            return;
        }

        CheckTargetPort(context, canary, service);

        // The protocol checks matter when the analysis reads Istio's request telemetry (a TCP canary with its own metrics is fine).
        var builtin = canary.Analysis?.Metrics.Select(m => m.Name)
            .FirstOrDefault(n => n is BuiltinMetrics.RequestSuccessRate or BuiltinMetrics.RequestDuration);
        if (builtin is null)
        {
            return;
        }

        if (MeshProviders.IsIstio(canary, context.Policy)
            && service.Scalar("portName") is { IsNull: false } portName && !IstioPortNames.Selects(portName.Value, IstioPortNames.HttpProtocols))
        {
            context.Report(PortNameNotHttp, portName, portName.Value, builtin);
        }

        if (service.Scalar("appProtocol") is { IsNull: false } appProtocol && appProtocol.Value.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(TcpWithHttpMetrics, appProtocol, appProtocol.Value, builtin);
        }
    }

    private static void CheckTargetPort(RuleContext context, CanaryView canary, MappingNode service)
    {
        var targetPort = service.Scalar("targetPort") is { IsNull: false } written ? written : service.Scalar("port");
        if (targetPort is null || targetPort.IsNull || ResourceQueries.Target(context, canary) is not { } workload)
        {
            return;
        }

        var ports = workload.Containers.SelectMany(c => c.Ports).ToList();
        if (ports.Count == 0)
        {
            return;
        }

        var declared = string.Join(", ", ports.Select(p => p.Name is { } n ? $"{n.Value}={p.ContainerPort}" : $"{p.ContainerPort}"));
        if (targetPort.TryGetInt64(out var number))
        {
            if (!ports.Any(p => p.ContainerPort == number))
            {
                context.ReportRelated(NumberNotDeclared, targetPort, workload.Resource, number, workload.Kind, workload.Name, declared);
            }
        }
        else if (!ports.Any(p => p.Name?.Value == targetPort.Value))
        {
            context.ReportRelated(Rule, targetPort, workload.Resource, targetPort.Value, workload.Kind, workload.Name, declared);
        }
    }
}
