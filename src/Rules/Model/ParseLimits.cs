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
}
