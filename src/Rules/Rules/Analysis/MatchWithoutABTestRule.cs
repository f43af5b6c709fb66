using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1024: match conditions that do not produce the A/B test they suggest.</summary>
public sealed class MatchWithoutABTestRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1024",
        "match does not make an A/B test",
        "match {0}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger runs an A/B test only when the analysis has iterations and match conditions. With stepWeight or stepWeights it runs a weighted canary in which only matching requests can reach the canary. The kubernetes provider has no layer-7 routing at all and drops the match conditions.");

    /// <summary>Protocols Istio and Linkerd route below HTTP: a port declared as one of them carries no requests to match.</summary>
    private static readonly string[] OpaqueProtocols = ["tcp", "tls", "mongo", "mysql", "redis", "udp"];

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var canary = CanaryView.From(context.Resource);
        if (canary?.Analysis is not { Match: { Count: > 0 } match } analysis)
        {
            return;
        }

        var provider = AnalysisFacts.Provider(canary, context.Policy);
        if (provider == "kubernetes")
        {
            context.Report(Rule, match, "is dropped by the kubernetes provider, which cannot route by header or cookie: no A/B test runs");
        }
        else if (OpaqueProtocol(canary) is { } declared)
        {
            context.Report(Rule, declared, $"is never applied: service.{declared.Path[(declared.Path.LastIndexOf('.') + 1)..]} '{declared.Value}' declares a port the mesh routes as opaque TCP, without reading headers or cookies, so no request is matched to the canary");
        }
        else if (analysis.Iterations is not { IsNull: false } iterations || (iterations.TryGetInt64(out var count) && count <= 0))
        {
            context.Report(Rule, match, "without iterations is not an A/B test: Flagger shifts weight step by step and only matching requests can reach the canary");
        }
    }

    /// <summary>service.portName or service.appProtocol when it declares a protocol below HTTP (tcp, tcp-db, mysql ...).</summary>
    private static ScalarNode? OpaqueProtocol(CanaryView canary) =>
        new[] { canary.Service?.Scalar("portName"), canary.Service?.Scalar("appProtocol") }
            .FirstOrDefault(name => name is { IsNull: false } && OpaqueProtocols.Any(p => name.Value.Equals(p, StringComparison.OrdinalIgnoreCase) || name.Value.StartsWith(p + "-", StringComparison.OrdinalIgnoreCase)));
}
