using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>
/// Where a kustomize build reads its files: the linter reads the disk, an editor its open buffers. Paths are full
/// paths; a file is parsed with the name findings should show for it.
/// </summary>
public interface IKustomizeSource
{
    /// <summary>The parsed file, or null when there is no such file.</summary>
    ManifestFile? ReadFile(string fullPath);

    bool DirectoryExists(string fullPath);
}
