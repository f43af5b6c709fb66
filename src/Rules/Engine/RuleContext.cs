using System.Globalization;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Engine;

/// <summary>What a rule sees while analysing one resource, and where it reports.</summary>
public sealed class RuleContext
{
    private readonly List<Diagnostic> reported;

    internal RuleContext(KubernetesResource resource, IResourceLookup lookup, CanaryGuardPolicy policy, List<Diagnostic> reported)
    {
        Resource = resource;
        Lookup = lookup;
        Policy = policy;
        this.reported = reported;
    }

    public KubernetesResource Resource { get; }

    /// <summary>The other resources: the linted set, or (in the webhook) cluster look-ups.</summary>
    public IResourceLookup Lookup { get; }

    public CanaryGuardPolicy Policy { get; }

    /// <summary>The namespace the resource is in: its own, or the policy's default as kubectl would apply.</summary>
    public string Namespace => Resource.DeclaredNamespace ?? Policy.DefaultNamespace;

    /// <summary>Reports a finding at a node (its key, when it has one) with the descriptor's default severity.</summary>
    public void Report(DiagnosticDescriptor descriptor, ManifestNode at, params object?[] messageArgs) =>
        Report(descriptor, descriptor.DefaultSeverity, at, messageArgs);

    /// <summary>Reports with a severity of the rule's own choosing, for rules whose cases differ in weight.</summary>
    public void Report(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, ManifestNode at, params object?[] messageArgs) =>
        Add(descriptor, severity, at, messageArgs, unproven: false, absence: false);

    /// <summary>
    /// Reports a finding that involves another object: where that object is written travels with the finding (an
    /// editor's related information). A related object without a place (a cluster look-up) adds nothing.
    /// </summary>
    public void ReportRelated(DiagnosticDescriptor descriptor, ManifestNode at, KubernetesResource related, params object?[] messageArgs) =>
        Add(descriptor, descriptor.DefaultSeverity, at, messageArgs, unproven: false, absence: false, related: related);

    /// <summary>Reports a finding about part of a node's value (a selector inside a query) at that part, or at the node when its place is unknown.</summary>
    public void ReportWithin(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, ManifestNode node, SourceSpan? within, params object?[] messageArgs) =>
        Add(descriptor, severity, node, messageArgs, unproven: false, absence: false, within);

    /// <summary>
    /// Reports <paramref name="missing"/> as not found. When the look-up proves its absence the finding has the
    /// descriptor's severity; otherwise it is info, marked unproven (configuration cannot raise it), and the
    /// message's last placeholder gets the look-up's caveat. Either way it is marked as resting on an absence,
    /// which the webhook never denies: the object may be created a moment later.
    /// </summary>
    public void ReportMissing(DiagnosticDescriptor descriptor, ManifestNode at, ObjectReference missing, params object?[] messageArgs)
    {
        var proven = Lookup.ProvesAbsence(missing);
        Add(descriptor, proven ? descriptor.DefaultSeverity : DiagnosticSeverity.Info, at, [.. messageArgs, proven ? string.Empty : $" ({Lookup.AbsenceCaveat})"], unproven: !proven, absence: true);
    }

    private void Add(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, ManifestNode at, object?[] messageArgs, bool unproven, bool absence, SourceSpan? within = null, KubernetesResource? related = null)
    {
        var relatedAt = related?.Metadata?.KeyNode("name")?.Location ?? related?.Root.Location;
        reported.Add(new Diagnostic
        {
            Descriptor = descriptor,
            Severity = severity,
            Message = string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, messageArgs),
            // A built object's nodes stand in several files: the finding is in the one that wrote the node.
            File = (within ?? at.Location)?.File ?? Resource.File.Path,
            Span = within ?? at.Location,
            Path = at.Path,
            Resource = ResourceIdentity.Of(Resource),
            MessageArguments = messageArgs,
            IsUnproven = unproven,
            RestsOnAbsence = absence,
            Related = relatedAt is { } span ? [new RelatedLocation(span, $"{related!.Kind} {related.DisplayName}")] : [],
        });
    }
}
