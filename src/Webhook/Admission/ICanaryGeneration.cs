namespace CanaryGuard.Webhook.Admission;

/// <summary>What <c>/mutate</c> needs of Canary generation: hand over an admitted Deployment, and hear why the last one failed.</summary>
public interface ICanaryGeneration
{
    /// <summary>Queues the Deployment for a Canary; false when the queue is full (the periodic resync heals it).</summary>
    bool Enqueue(string @namespace, string name);

    /// <summary>Why the last generated Canary of this Deployment was not applied, or null.</summary>
    string? RefusalFor(string @namespace, string name);
}
