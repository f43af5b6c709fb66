using System.Text.Json;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Webhook.Canaries;

/// <summary>
/// Runs a generated Canary through the same rules as the linter and the validating webhook, with its Deployment
/// beside it so reference rules find the target. Only the Canary's own findings count.
/// </summary>
public sealed class GeneratedCanaryCheck(AnalysisEngine engine)
{
    /// <summary>The Canary's unsuppressed findings at error level (after the policy's severities).</summary>
    public IReadOnlyList<Diagnostic> Errors(JsonElement canary, JsonElement deployment, CanaryGuardPolicy policy)
    {
        var name = canary.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("name", out var n) ? n.GetString() : null;
        var file = new ManifestFile(
            $"generated:canary/{name}",
            [new ManifestDocument(0, JsonManifestReader.Read(canary), null), new ManifestDocument(1, JsonManifestReader.Read(deployment), null)],
            [],
            []);
        var result = engine.Analyze([file], new AnalysisOptions { PolicyFor = _ => policy, Parallel = false });
        return [.. result.Diagnostics.Where(d => !d.IsSuppressed && d.Severity == DiagnosticSeverity.Error && d.Resource is null or { Kind: "Canary" })];
    }
}
