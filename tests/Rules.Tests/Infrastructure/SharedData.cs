namespace CanaryGuard.Rules.Tests.Infrastructure;

/// <summary>
/// The reference data beside the repository (<c>../shared</c>): always present in CI and on developer machines.
/// Found by walking up from the test binaries; a missing folder fails the test with a clear message.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "flagger", "crd.yaml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("the shared reference data (../shared beside the repository, with flagger/crd.yaml) was not found above " + AppContext.BaseDirectory);
    }
}
