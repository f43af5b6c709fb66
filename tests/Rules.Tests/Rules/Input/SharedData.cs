namespace CanaryGuard.Rules.Tests.Rules.Input;

/// <summary>
/// The reference data beside the repository (<c>../shared</c>): Flagger's CRD and real Canaries. Found by walking
/// up from the test binaries to the folder that holds <c>shared/flagger/crd.yaml</c>; never copied into the repo.
/// </summary>
public static class SharedData
{
    public static string FlaggerFolder { get; } = Locate();

    public static string CrdPath => Path.Combine(FlaggerFolder, "crd.yaml");

    public static string CanariesFolder => Path.Combine(FlaggerFolder, "canaries");

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "flagger");
            if (File.Exists(Path.Combine(candidate, "crd.yaml")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no shared/flagger/crd.yaml found in any folder above {AppContext.BaseDirectory}; the shared reference data must sit beside the repository");
    }
}
