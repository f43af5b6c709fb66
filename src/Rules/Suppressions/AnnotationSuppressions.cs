using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Suppressions;

/// <summary>
/// The annotation <c>canaryguard.io/suppress: "CG1005: reason, CG1021"</c> on a resource: works wherever the
/// resource goes, including the cluster. Entries are separated by commas; a reason follows the id's colon.
/// </summary>
public static class AnnotationSuppressions
{
    public const string AnnotationName = "canaryguard.io/suppress";

    /// <summary>
    /// The ids the resource suppresses, with their reasons. Malformed entries, and ids outside
    /// <paramref name="suppressible"/> (null allows any), suppress nothing and become CG0006 in <paramref name="problems"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Read(KubernetesResource resource, IReadOnlySet<string> knownIds, IReadOnlySet<string>? suppressible, List<Diagnostic> problems)
    {
        var annotation = resource.Metadata?.Mapping("annotations")?.Scalar(AnnotationName);
        if (annotation is null || annotation.IsNull)
        {
            return System.Collections.ObjectModel.ReadOnlyDictionary<string, string?>.Empty;
        }

        var suppressed = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in annotation.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            var id = (colon < 0 ? entry : entry[..colon]).Trim();
            var reason = colon < 0 ? null : entry[(colon + 1)..].Trim();
            if (!knownIds.Contains(id))
            {
                problems.Add(Problem(resource, annotation, $"annotation {AnnotationName} names unknown rule id '{id}'"));
            }
            else if (suppressible is not null && !suppressible.Contains(id))
            {
                problems.Add(Problem(resource, annotation, $"{AnnotationName} may not suppress {id} here (policy admission.annotationSuppressions)"));
            }
            else
            {
                suppressed[id] = string.IsNullOrEmpty(reason) ? null : reason;
            }
        }

        return suppressed;
    }

    private static Diagnostic Problem(KubernetesResource resource, ScalarNode annotation, string message) => new()
    {
        Descriptor = EngineDiagnostics.InvalidConfiguration,
        Severity = EngineDiagnostics.InvalidConfiguration.DefaultSeverity,
        Message = message,
        File = annotation.Location?.File ?? resource.File.Path,
        Span = annotation.Location,
        Path = annotation.Path,
        Resource = ResourceIdentity.Of(resource),
    };
}
