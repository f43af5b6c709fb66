using System.Globalization;

namespace CanaryGuard.Rules.Policy;

/// <summary>The policy's <c>kubernetesVersion</c>: <c>1.29</c>, also written <c>v1.29</c> or with a patch, <c>1.29.3</c>.</summary>
public static class KubernetesVersions
{
    public static bool TryParse(string text, out Version version)
    {
        var parts = text.TrimStart('v').Split('.');
        version = new Version(0, 0);
        if (parts.Length is < 2 or > 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit))
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || major != 1)
        {
            return false;
        }

        version = new Version(major, minor);
        return true;
    }
}
