using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Generation;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Webhook.Canaries;

/// <summary>A generated Canary, or why none could be generated.</summary>
public sealed record CanaryBuildResult(JsonObject? Canary, string? Hash, string? Problem)
{
    public bool Succeeded => Canary is not null;

    public static CanaryBuildResult Failed(string problem) => new(null, null, problem);
}

/// <summary>
/// Turns a Deployment (as the API server returns it) into the Canary CanaryGuard applies: what
/// <see cref="CanaryGenerator"/> generates (the linter's CG4001 fix writes the same), plus what only an applied
/// object carries: the managed-by label, an ownerReference so the Canary is garbage-collected with its Deployment,
/// the hash of the content and the policy generation it was built from.
/// </summary>
public static class CanaryBuilder
{
    public static CanaryBuildResult Build(JsonElement deployment, CanaryGuardPolicy policy, string? autoscalerName = null)
    {
        var ns = Json.Text(deployment, "metadata", "namespace");
        var uid = Json.Text(deployment, "metadata", "uid");
        var file = new ManifestFile("cluster:deployment", [new ManifestDocument(0, JsonManifestReader.Read(deployment), null)], [], []);
        if (ns is null || uid is null || KubernetesResource.FromFile(file).FirstOrDefault() is not { Name: { } name } workload)
        {
            return CanaryBuildResult.Failed("the Deployment has no name, namespace or uid (it must be read back from the API server)");
        }

        var generated = CanaryGenerator.Generate(workload, ns, policy, autoscalerName);
        if (generated.Canary is not { } canary)
        {
            return CanaryBuildResult.Failed(generated.Problem!);
        }

        var metadata = (JsonObject)canary["metadata"]!;
        metadata["labels"] = new JsonObject { [CanaryAnnotations.ManagedByLabel] = CanaryAnnotations.ManagedByValue };
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["name"] = name,
            ["uid"] = uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });

        // The hash covers everything applied, so any change of policy, overrides or port leads to one new apply.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canary.ToJsonString())))[..16];
        metadata["annotations"] = new JsonObject
        {
            [CanaryAnnotations.GeneratedHash] = hash,
            [CanaryAnnotations.PolicyGeneration] = policy.CanaryTemplate.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new CanaryBuildResult(canary, hash, null);
    }
}
