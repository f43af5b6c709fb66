using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Reports;

/// <summary>Folders the report tests read: fixtures, goldens and the validator in the checkout, and the shared schemas.</summary>
public static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

    public static string Schemas => SharedData.Path("schemas");

    public static string ReportsFolder => RepositoryRoot.Combine("tests", "Linter.Tests", "Reports");

    public static string Fixture => Path.Combine(ReportsFolder, "fixture");

    public static string SchemaValidation => RepositoryRoot.Combine("tests", "Linter.Tests", "schema-validation");
}
