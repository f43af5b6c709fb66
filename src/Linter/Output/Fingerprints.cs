using System.Security.Cryptography;
using System.Text;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>Stable hashes that identify a finding without its line number, so edits above it do not change them.</summary>
internal static class Fingerprints
{
    /// <summary>The first 32 hex digits of the SHA-256 of the parts joined by newlines.</summary>
    public static string Hash(params string?[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts.Select(p => p ?? string.Empty))));
        return Convert.ToHexStringLower(bytes)[..32];
    }

    /// <summary>The resource a finding is about as <c>Kind/namespace/name</c>, or null for a file-level finding.</summary>
    public static string? ResourceKey(Diagnostic diagnostic) =>
        diagnostic.Resource is { } resource ? $"{resource.Kind}/{resource}" : null;
}
