using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Linter.Inputs;

/// <summary>
/// The files a kustomize build reads beyond the linted ones (a base outside the linted folder, a Kustomization file),
/// from the disk, named relative to the current folder as findings show them.
/// </summary>
internal sealed class KustomizeFiles(string currentDirectory) : IKustomizeSource
{
    public ManifestFile? ReadFile(string fullPath)
    {
        if (!File.Exists(fullPath))
        {
            return null;
        }

        try
        {
            return YamlManifestReader.Read(Path.GetRelativePath(currentDirectory, fullPath), InputText.Read(fullPath, currentDirectory));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // An unreadable file is a missing one to the build, which then names it.
            return null;
        }
    }

    public bool DirectoryExists(string fullPath) => Directory.Exists(fullPath);
}
