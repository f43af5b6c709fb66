using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>Which Canaries the mesh rules look at: those Flagger drives through Istio.</summary>
internal static class MeshProviders
{
    public static bool IsIstio(CanaryView canary, CanaryGuardPolicy policy) => canary.EffectiveProvider(policy.MeshProvider) == "istio";
}
