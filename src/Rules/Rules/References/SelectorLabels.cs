using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>The selector label Flagger uses for a workload: the first of the policy's selector labels in its matchLabels.</summary>
internal static class SelectorLabels
{
    public static string? Key(DeploymentView workload, CanaryGuardPolicy policy) =>
        workload.MatchLabels is { } matchLabels ? policy.SelectorLabels.FirstOrDefault(matchLabels.ContainsKey) : null;
}
