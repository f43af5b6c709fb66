namespace CanaryGuard.Tests.Shared;

/// <summary>
/// The reference data beside the repository (<c>../shared</c>): always there in CI and on developer machines.
/// A missing folder fails the test that needs it with a message saying where it was looked for.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot.Path, "..", "shared"));
        return File.Exists(System.IO.Path.Combine(root, "flagger", "crd.yaml"))
            ? root
            : throw new DirectoryNotFoundException($"the shared reference data was not found at {root} (it sits beside the repository)");
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
