namespace CanaryGuard.Linter.Tests.Reports;

/// <summary>
/// Golden files under tests/Linter.Tests/Reports/golden. With CANARYGUARD_UPDATE_GOLDEN=1 a mismatch rewrites the
/// golden file instead of failing (review the diff before committing).
/// </summary>
public static class Golden
{
    public static string Folder => Path.Combine(RepoPaths.ReportsFolder, "golden");

    public static bool Updating => Environment.GetEnvironmentVariable("CANARYGUARD_UPDATE_GOLDEN") == "1";

    /// <summary>Stands for the tool's version, which changes with every commit.</summary>
    public const string VersionPlaceholder = "VERSION";

    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(Folder, name);
        actual = actual.ReplaceLineEndings("\n").Replace(ToolVersion.Current, VersionPlaceholder, StringComparison.Ordinal);
        if (Updating)
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with CANARYGUARD_UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            Assert.Fail($"{name} differs from its golden file {path} (CANARYGUARD_UPDATE_GOLDEN=1 rewrites it):\n{FirstDifference(expected, actual)}");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "(end of file)";
            var a = i < actualLines.Length ? actualLines[i] : "(end of file)";
            if (e != a)
            {
                return $"line {i + 1}:\n  expected: {e}\n  actual:   {a}";
            }
        }

        return "(same lines, different line endings)";
    }
}
