namespace CanaryGuard.Rules.Model;

/// <summary>Bounds that keep hostile input from exhausting memory or time (CG0008).</summary>
public sealed record ParseLimits
{
    public static ParseLimits Default { get; } = new();

    /// <summary>Bytes in one YAML document.</summary>
    public int MaxDocumentBytes { get; init; } = 8 * 1024 * 1024;

    public int MaxDepth { get; init; } = 64;

    /// <summary>Nodes that alias expansion may add to one document; a billion-laughs file needs far more.</summary>
    public int MaxAliasExpandedNodes { get; init; } = 100_000;

    public int MaxDocuments { get; init; } = 10_000;

    public int MaxScalarLength { get; init; } = 1024 * 1024;

    /// <summary>
    /// Values (mappings, sequences, scalars) in one JSON object read by <see cref="JsonManifestReader"/>: an
    /// admission object or an object fetched from the API server. The manifest tree costs about 20 times the
    /// JSON of a small label, so a 1.3 MB Canary of 90,000 labels would need hundreds of megabytes; real
    /// Canaries and Deployments hold hundreds to a few thousand values.
    /// </summary>
    public int MaxJsonNodes { get; init; } = 20_000;
}
