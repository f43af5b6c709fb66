namespace CanaryGuard.Linter.Inputs;

/// <summary>
/// The one form of a path in every output (findings of manifests and of policy files alike, errors, notices):
/// relative to the current folder when it is inside it (<c>k8s/web.yaml</c>, never <c>./k8s/web.yaml</c>),
/// absolute when it is not (never <c>../../</c>).
/// </summary>
internal static class DisplayPath
{
    public static string Of(string path, string currentDirectory)
    {
        var full = Path.GetFullPath(path, currentDirectory);
        var relative = Path.GetRelativePath(currentDirectory, full);
        return relative == ".." || relative.StartsWith($"..{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? full
            : relative;
    }
}
