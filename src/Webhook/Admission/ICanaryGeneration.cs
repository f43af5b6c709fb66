namespace CanaryGuard.Webhook.Admission;

/// <summary>What <c>/mutate</c> needs of Canary generation: hand over an admitted Deployment.</summary>
public interface ICanaryGeneration
{
    /// <summary>Queues the Deployment for a Canary; false when not queued (a follower replica, an excluded namespace, a full queue: the leader's resync heals it).</summary>
    bool Enqueue(string @namespace, string name);
}
