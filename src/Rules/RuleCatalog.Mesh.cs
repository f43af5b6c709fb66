using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Rules.Mesh;

namespace CanaryGuard.Rules;

public static partial class RuleCatalog
{
    /// <summary>CG3xxx.</summary>
    private static IEnumerable<AnalysisRule> MeshRules() =>
    [
        new NoSidecarInjectionRule(),
        new NoLinkerdProxyRule(),
        new InjectionOnWorkloadMetadataRule(),
        new DeprecatedInjectionAnnotationRule(),
        new ConflictingInjectionRule(),
        new GatewaysWithoutMeshRule(),
        new ContainerPortNamingRule(),
    ];
}
