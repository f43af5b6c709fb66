using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>
/// Reports a reference that is not in the set. Offline, absence is not proof: unless the set is known to be
/// complete (<c>--complete</c>, <c>complete: true</c>, or a cluster read), the finding is info and says so.
/// </summary>
internal static class ReferenceReporting
{
    public const string NotFoundSuffix = " (not found in the linted files)";

    /// <summary>
    /// Reports <paramref name="descriptor"/> (whose message format ends with one placeholder more than
    /// <paramref name="messageArgs"/> fill, for the suffix) at the rule's severity when the set is complete, else at info.
    /// </summary>
    public static void ReportMissing(RuleContext context, DiagnosticDescriptor descriptor, ManifestNode at, params object?[] messageArgs)
    {
        var complete = context.Lookup.IsComplete;
        context.Report(descriptor, complete ? descriptor.DefaultSeverity : DiagnosticSeverity.Info, at, [.. messageArgs, complete ? string.Empty : NotFoundSuffix]);
    }
}
