namespace CanaryGuard.Tests.Shared;

/// <summary>
/// The reference data beside the repository (<c>../shared</c>): always there in CI (.ci/run refuses to start
/// without it), absent from a plain clone. A git worktree nested one level deeper (e.g. wt/name beside the main
/// clone) finds it further up, so every ancestor of the repository is tried. Tests that read it are marked
/// <see cref="SharedDataFactAttribute"/> or <see cref="SharedDataTheoryAttribute"/>: without it they are skipped
/// with <see cref="MissingReason"/>, not failed.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(() => Locate(RepositoryRoot.Path));

    public static bool IsPresent => Root.Value is not null;

    /// <summary>Why the tests that need the data are skipped: where it was looked for.</summary>
    public static string MissingReason => MissingReasonFor(RepositoryRoot.Path);

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([Root.Value ?? throw new DirectoryNotFoundException(MissingReason), .. parts]);

    /// <summary>The recorded AdmissionReview bodies, in name order.</summary>
    public static IEnumerable<string> AdmissionReviews() =>
        Directory.EnumerateFiles(Path("admission-reviews"), "*.json").Order(StringComparer.Ordinal);

    /// <summary>The 'shared' folder in the nearest ancestor of <paramref name="repositoryRoot"/> that has one; null when none has.</summary>
    public static string? Locate(string repositoryRoot)
    {
        for (var folder = new DirectoryInfo(repositoryRoot).Parent; folder is not null; folder = folder.Parent)
        {
            var candidate = System.IO.Path.Combine(folder.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "flagger", "crd.yaml")))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string MissingReasonFor(string repositoryRoot) =>
        $"needs the shared reference data (shared/flagger/crd.yaml), found in no 'shared' folder beside {repositoryRoot} or any folder above it (a plain clone has none; CI always has it)";
}

/// <summary>A fact that reads <see cref="SharedData"/>: skipped, saying why, when the data is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!SharedData.IsPresent)
        {
            Skip = SharedData.MissingReason;
        }
    }
}

/// <summary>A theory that reads <see cref="SharedData"/> (for its data too): skipped, saying why, when the data is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!SharedData.IsPresent)
        {
            Skip = SharedData.MissingReason;
        }
    }
}
