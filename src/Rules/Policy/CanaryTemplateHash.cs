using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Policy;

/// <summary>
/// A stable hash of what the policy would put into a generated Canary, recorded by the mutating webhook in
/// <c>canaryguard.io/canary-template-hash</c>. Until the policy has a <c>canaryTemplate:</c>, the template is
/// the policy's canary-relevant defaults: the mesh provider, the selector labels and every <c>analysis:</c>
/// threshold. Each is written as one <c>name=value</c> line in a fixed order (durations in Go form, lists
/// comma-joined) and the SHA-256 of that text, first 16 hex digits, is the hash. This is the only place that
/// decides what goes in, so a changed template changes the hash and nothing else does.
/// </summary>
public static class CanaryTemplateHash
{
    public const string AnnotationName = "canaryguard.io/canary-template-hash";

    public static string Compute(CanaryGuardPolicy policy)
    {
        var analysis = policy.Analysis;
        var lines = new[]
        {
            $"meshProvider={policy.MeshProvider}",
            $"selectorLabels={string.Join(',', policy.SelectorLabels)}",
            $"analysis.minAnalyses={analysis.MinAnalyses.ToString(CultureInfo.InvariantCulture)}",
            $"analysis.minAnalysisTime={GoDuration.Format(analysis.MinAnalysisTime)}",
            $"analysis.maxRolloutTime={GoDuration.Format(analysis.MaxRolloutTime)}",
            $"analysis.maxTimeToRollback={GoDuration.Format(analysis.MaxTimeToRollback)}",
            $"analysis.scrapeInterval={GoDuration.Format(analysis.ScrapeInterval)}",
            $"analysis.requiredMetrics={string.Join(',', analysis.RequiredMetrics)}",
        };
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return Convert.ToHexStringLower(digest)[..16];
    }
}
