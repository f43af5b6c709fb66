namespace CanaryGuard.Webhook.Admission;

/// <summary>What admission tells the background audit: an object in a namespace was created, updated or deleted.</summary>
public interface INamespaceChanges
{
    /// <summary>Notes the namespace for a re-audit soon; ignored where no audit runs (a follower replica).</summary>
    void Changed(string @namespace);
}
