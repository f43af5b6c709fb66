using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

/// <summary>
/// The text and JSON output of a multi-file lint, compared exactly (path separators and the version normalised) with the files in
/// Golden/. When the output changes on purpose, regenerate them:
/// <c>CANARYGUARD_UPDATE_GOLDEN=1 dotnet test tests/Linter.Tests</c>, then review the diff.
/// </summary>
public sealed class GoldenTests
{
    private const string UpdateVariable = "CANARYGUARD_UPDATE_GOLDEN";

    [Theory]
    [InlineData("text", "lint.txt")]
    [InlineData("json", "lint.json")]
    public void LintOutput_MatchesTheGoldenFile(string format, string goldenFile)
    {
        // The inputs are copied beside the test binaries (see the .csproj) and linted by a relative path, so the
        // paths in the output do not depend on where the repository is checked out.
        var input = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.Combine(AppContext.BaseDirectory, "Golden", "input"));

        var result = CliRunner.Run("lint", input, "--format", format);

        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(1, result.ExitCode);
        var actual = Normalise(result.Output, format);
        var goldenPath = RepositoryRoot.Combine("tests", "Linter.Tests", "Golden", goldenFile);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(goldenPath, actual);
            return;
        }

        Assert.True(File.Exists(goldenPath), $"{goldenPath} is missing; create it with {UpdateVariable}=1. Actual output:\n{actual}");
        var expected = File.ReadAllText(goldenPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(
            expected == actual,
            $"the {format} output differs from {goldenPath}; if the change is intended, regenerate with {UpdateVariable}=1 dotnet test tests/Linter.Tests\n"
            + $"--- actual output ---\n{actual}--- expected output ---\n{expected}");
    }

    private static string Normalise(string output, string format)
    {
        var text = output.Replace("\r\n", "\n", StringComparison.Ordinal).Replace(ToolVersion.Current, Reports.Golden.VersionPlaceholder, StringComparison.Ordinal);
        return format == "json" ? text.Replace(@"\\", "/", StringComparison.Ordinal) : text.Replace('\\', '/');
    }
}
