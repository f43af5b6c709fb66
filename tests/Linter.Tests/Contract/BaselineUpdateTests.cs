using System.Text.Json;

namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, trap 3: --update-baseline loses no entry.</summary>
public sealed class BaselineUpdateTests
{
    [Fact]
    public void AFailedRun_NeverRewritesTheBaseline()
    {
        using var folder = new TempFolder();
        folder.Write("a.yaml", Manifests.ChecksNothing("a"));
        var baseline = Path.Combine(folder.Path, "baseline.json");
        Assert.Equal(0, CliRunner.Run("lint", folder.Path, "--update-baseline", baseline).ExitCode);
        var recorded = File.ReadAllText(baseline);

        var result = CliRunner.Run("lint", Path.Combine(folder.Path, "mistyped"), "--update-baseline", baseline);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"the baseline {baseline} was not updated: the run failed", result.Error, StringComparison.Ordinal);
        Assert.Equal(recorded, File.ReadAllText(baseline));
        Assert.NotEmpty(Entries(baseline));
    }

    [Fact]
    public void UpdatingFromSomeFiles_KeepsTheEntriesOfTheOthers_AndReplacesTheirOwn()
    {
        using var folder = new TempFolder();
        var a = folder.Write("a.yaml", Manifests.ChecksNothing("a"));
        folder.Write("b.yaml", Manifests.ChecksNothing("b"));
        var baseline = Path.Combine(folder.Path, "baseline.json");
        Assert.Equal(0, CliRunner.Run("lint", folder.Path, "--update-baseline", baseline).ExitCode);
        Assert.Equal(["a.yaml: CG1013", "b.yaml: CG1013"], Entries(baseline).Where(e => e.EndsWith("CG1013", StringComparison.Ordinal)));

        File.WriteAllText(a, Manifests.SafeCanary("a"));
        var result = CliRunner.Run("lint", a, "--update-baseline", baseline);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["b.yaml: CG1013"], Entries(baseline).Where(e => e.EndsWith("CG1013", StringComparison.Ordinal)));
        Assert.Equal(0, CliRunner.Run("lint", folder.Path, "--baseline", baseline).ExitCode);
    }

    [Fact]
    public void AFileThatIsNotABaseline_IsNotOverwritten()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("a.yaml", Manifests.ChecksNothing("a"));
        var policy = folder.Write(".canaryguard.yaml", "rules: {CG1021: none}\n");

        var result = CliRunner.Run("lint", canary, "--update-baseline", policy);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not valid JSON", result.Error, StringComparison.Ordinal);
        Assert.Equal("rules: {CG1021: none}\n", File.ReadAllText(policy));
    }

    /// <summary>The baseline's entries as "file: rule id", sorted.</summary>
    private static List<string> Entries(string baseline)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(baseline));
        return [.. document.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("file").GetString()}: {f.GetProperty("ruleId").GetString()}")
            .Order(StringComparer.Ordinal)];
    }
}
