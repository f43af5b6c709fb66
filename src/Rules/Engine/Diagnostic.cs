using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Engine;

/// <summary>The object a finding is about, as output prints it.</summary>
public sealed record ResourceIdentity(string ApiVersion, string Kind, string? Namespace, string? Name)
{
    public static ResourceIdentity Of(KubernetesResource resource) =>
        new(resource.ApiVersion, resource.Kind, resource.DeclaredNamespace, resource.Name);

    public override string ToString() => Namespace is null ? Name ?? "(unnamed)" : $"{Namespace}/{Name ?? "(unnamed)"}";
}

/// <summary>Why a finding is not counted.</summary>
public enum SuppressionKind
{
    /// <summary>A <c># canaryguard-disable…</c> comment.</summary>
    Comment,

    /// <summary>The <c>canaryguard.io/suppress</c> annotation.</summary>
    Annotation,

    /// <summary><c>--nowarn</c> on the command line.</summary>
    CommandLine,

    /// <summary>A baseline file recorded the finding.</summary>
    Baseline,
}

public sealed record Suppression(SuppressionKind Kind, string? Justification);

/// <summary>Another object a finding is about, where it is written: an editor shows it as related information.</summary>
public sealed record RelatedLocation(SourceSpan Span, string Message);

/// <summary>One finding: which rule, how severe after configuration, where, about what.</summary>
public sealed record Diagnostic
{
    public required DiagnosticDescriptor Descriptor { get; init; }

    public required DiagnosticSeverity Severity { get; init; }

    public required string Message { get; init; }

    /// <summary>The input the finding is in ("-" for stdin); always set, even without a span.</summary>
    public required string File { get; init; }

    public SourceSpan? Span { get; init; }

    /// <summary>The YAML path inside the resource (<c>spec.analysis.stepWeight</c>); empty for file-level findings.</summary>
    public string Path { get; init; } = string.Empty;

    public ResourceIdentity? Resource { get; init; }

    /// <summary>The other objects the finding involves (the other Canary of a workload, the workload whose ports differ).</summary>
    public IReadOnlyList<RelatedLocation> Related { get; init; } = [];

    public Suppression? Suppression { get; init; }

    /// <summary>
    /// True when the finding rests on an absence that could not be proven (a reference missing from an incomplete
    /// set, a failed cluster look-up): it stays at info or below whatever the configuration says, so nothing is
    /// ever denied or failed on what could not be read.
    /// </summary>
    public bool IsUnproven { get; init; }

    /// <summary>True when the only evidence is that a referenced object was not found (proven or not).</summary>
    public bool RestsOnAbsence { get; init; }

    /// <summary>What <see cref="Message"/> was formatted from; empty for findings with a ready-made message.</summary>
    public IReadOnlyList<object?> MessageArguments { get; init; } = [];

    /// <summary>
    /// The descriptor's short admission form of this finding (<see cref="DiagnosticDescriptor.AdmissionMessageFormat"/>),
    /// or the message itself when the descriptor has none or the finding carries no arguments to fill it.
    /// </summary>
    public string AdmissionMessage =>
        Descriptor.AdmissionMessageFormat is { } format && MessageArguments.Count > 0
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, [.. MessageArguments])
            : Message;

    public string Id => Descriptor.Id;

    public bool IsSuppressed => Suppression is not null;
}
