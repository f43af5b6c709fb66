namespace CanaryGuard.Linter.Tests.Reports;

/// <summary>Folders the report tests read: the checkout (fixtures, goldens, the validator) and the shared schemas.</summary>
public static class RepoPaths
{
    /// <summary>The checkout: the nearest folder up from the test binaries holding CanaryGuard.sln.</summary>
    public static string Root { get; } = FindUp(dir => File.Exists(Path.Combine(dir, "CanaryGuard.sln")))
        ?? throw new InvalidOperationException($"no CanaryGuard.sln above {AppContext.BaseDirectory}");

    /// <summary>shared/schemas, the sibling of the checkout (or of one of its parents) that holds shared/flagger/crd.yaml.</summary>
    public static string Schemas { get; } = Path.Combine(
        FindUp(dir => File.Exists(Path.Combine(dir, "shared", "flagger", "crd.yaml")))
            ?? throw new InvalidOperationException($"no shared/flagger/crd.yaml beside any folder above {AppContext.BaseDirectory}"),
        "shared",
        "schemas");

    public static string ReportsFolder => Path.Combine(Root, "tests", "Linter.Tests", "Reports");

    public static string Fixture => Path.Combine(ReportsFolder, "fixture");

    public static string SchemaValidation => Path.Combine(Root, "tests", "Linter.Tests", "schema-validation");

    private static string? FindUp(Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (found(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
