using CanaryGuard.Cluster;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Webhook.Canaries;

/// <summary>Registers the API client and the reconciler (as a singleton and a hosted service).</summary>
public static class CanaryGenerationServices
{
    /// <summary>
    /// <paramref name="policy"/> gives, from the container, how to read the policy in force now (it is called per
    /// reconcile, so a reloaded policy applies to the next one). The client uses the pod's service account, or the
    /// kubeconfig outside a cluster.
    /// </summary>
    public static IServiceCollection AddCanaryGeneration(
        this IServiceCollection services,
        Func<IServiceProvider, Func<CanaryGuardPolicy>> policy,
        CanaryReconcilerOptions? options = null)
    {
        services.AddSingleton(_ => new ClusterClient(ClusterConnection.Load()));
        services.AddSingleton(provider => new CanaryReconciler(
            provider.GetRequiredService<ClusterClient>(),
            policy(provider),
            provider.GetRequiredService<ILogger<CanaryReconciler>>(),
            options));
        services.AddHostedService(provider => provider.GetRequiredService<CanaryReconciler>());
        return services;
    }
}
