namespace CanaryGuard.Bench.Benchmarks;

/// <summary>
/// Finds the benchmark inputs: the repository's examples and the recorded AdmissionReviews in the shared
/// reference data beside the repository (<c>../shared</c>, or further up for a git worktree). BenchmarkDotNet runs each benchmark in a child
/// process built under bin/, so both are found walking up from the binaries to the folder holding CanaryGuard.sln.
/// </summary>
internal static class BenchmarkInputs
{
    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "CanaryGuard.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException($"no CanaryGuard.sln above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}: run the benchmarks from the repository");
    });

    public static string Repository(params string[] parts) => Path.Combine([RepositoryRoot.Value, .. parts]);

    /// <summary>A path in the shared reference data: beside the repository, or further up for a git worktree.</summary>
    public static string Shared(params string[] parts)
    {
        for (var folder = new DirectoryInfo(RepositoryRoot.Value).Parent; folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "shared", "admission-reviews")))
            {
                return Path.Combine([folder.FullName, "shared", .. parts]);
            }
        }

        throw new DirectoryNotFoundException($"no shared/admission-reviews in any folder above {RepositoryRoot.Value}");
    }
}
