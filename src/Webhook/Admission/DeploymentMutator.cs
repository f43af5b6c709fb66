using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Webhook.Canaries;
using CanaryGuard.Webhook.Patching;

namespace CanaryGuard.Webhook.Admission;

/// <summary>
/// The <c>/mutate</c> answer for a Deployment: an opted-in Deployment gets Istio's sidecar injection label on
/// its pod template (unless the label is already set) and the hash of the policy's canary template as an
/// annotation, recording the intent that a Canary be created from it. Only what is missing or different is
/// patched, so reinvocation yields no patch.
/// </summary>
public static class DeploymentMutator
{
    public const string InjectLabel = "sidecar.istio.io/inject";

    private static readonly string[] InjectLabelPath = ["spec", "template", "metadata", "labels", InjectLabel];
    private static readonly string[] TemplateHashPath = ["metadata", "annotations", CanaryTemplateHash.AnnotationName];

    public static AdmissionResponse Mutate(string uid, JsonElement deployment, CanaryGuardPolicy policy, bool namespaceOptedIn)
    {
        if (!CanaryAnnotations.IsOptedIn(deployment, namespaceOptedIn))
        {
            return new AdmissionResponse { Uid = uid, Allowed = true };
        }

        var builder = new JsonPatchBuilder(JsonNode.Parse(deployment.GetRawText()));
        var warnings = new List<string>();
        switch (At(deployment, InjectLabelPath))
        {
            case null:
                builder.Set(InjectLabelPath, JsonValue.Create("true"));
                break;
            case "true":
                break;
            case var explicitValue:
                warnings.Add($"canaryguard: pod template sets {InjectLabel}: \"{explicitValue}\"; kept, but Istio cannot route the canary");
                break;
        }

        builder.Set(TemplateHashPath, JsonValue.Create(CanaryTemplateHash.Compute(policy)));
        var patched = builder.Operations.Count > 0;
        return new AdmissionResponse
        {
            Uid = uid,
            Allowed = true,
            PatchType = patched ? "JSONPatch" : null,
            Patch = patched ? builder.ToJson() : null,
            Warnings = warnings.Count == 0 ? null : warnings,
        };
    }

    /// <summary>The string at a path of maps, or null when any step is missing or not a map (a non-string value reads as its JSON text).</summary>
    private static string? At(JsonElement element, params string[] path)
    {
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null => null,
            _ => element.GetRawText(),
        };
    }
}
