namespace CanaryGuard.Rules.Model;

/// <summary>Placeholder while the fast reader is written.</summary>
internal static class BlockYamlReader
{
    public static ManifestFile? TryRead(string path, string text, ParseLimits limits) => null;
}
