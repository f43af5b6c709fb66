namespace CanaryGuard.Tests.Shared;

/// <summary>
/// The reference data beside the repository (<c>../shared</c>): always there in CI and on developer machines.
/// A git worktree nested one level deeper (e.g. wt/name beside the main clone) finds it further up, so every
/// ancestor of the repository is tried. A missing folder fails the test that needs it with a message saying where
/// it was looked for.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var folder = new DirectoryInfo(RepositoryRoot.Path).Parent; folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "flagger", "crd.yaml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"the shared reference data was not found in a 'shared' folder beside {RepositoryRoot.Path} or any folder above it");
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    /// <summary>The recorded AdmissionReview bodies, in name order.</summary>
    public static IEnumerable<string> AdmissionReviews() =>
        Directory.EnumerateFiles(Path("admission-reviews"), "*.json").Order(StringComparer.Ordinal);
}
