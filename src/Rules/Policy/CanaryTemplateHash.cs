using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Policy;

/// <summary>
/// A stable hash of what the policy puts into a generated Canary, recorded by the mutating webhook in
/// <c>canaryguard.io/canary-template-hash</c>: the provider (<c>meshProvider</c>) and every <c>canaryTemplate:</c>
/// field. Each is written as one <c>name=value</c> line in a fixed order (durations in Go form, numbers invariant)
/// and the SHA-256 of that text, first 16 hex digits, is the hash. Lint thresholds and severities are not part of
/// the template, so changing them does not change the hash; this is the only place that decides what goes in.
/// </summary>
public static class CanaryTemplateHash
{
    public const string AnnotationName = "canaryguard.io/canary-template-hash";

    public static string Compute(CanaryGuardPolicy policy)
    {
        var template = policy.CanaryTemplate;
        var lines = new[]
        {
            $"provider={policy.MeshProvider}",
            $"interval={GoDuration.Format(template.Interval)}",
            string.Create(CultureInfo.InvariantCulture, $"threshold={template.Threshold}"),
            string.Create(CultureInfo.InvariantCulture, $"maxWeight={template.MaxWeight}"),
            string.Create(CultureInfo.InvariantCulture, $"stepWeight={template.StepWeight}"),
            string.Create(CultureInfo.InvariantCulture, $"requestSuccessRateMin={template.RequestSuccessRateMin}"),
            string.Create(CultureInfo.InvariantCulture, $"requestDurationMax={template.RequestDurationMax}"),
            $"metricInterval={GoDuration.Format(template.MetricInterval)}",
            $"loadTester={template.LoadTester}",
        };
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return Convert.ToHexStringLower(digest)[..16];
    }
}
