namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, trap 1: what the parser would take as a path but the user meant otherwise stops the run first.</summary>
public sealed class UsageErrorTests
{
    [Fact]
    public void AnUnknownOption_StopsBeforeLinting_WithTheClosestOption()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", "--quite", canary);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("'--quite' is not an option of 'lint'; did you mean '--quiet'?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ARuleIdAfterABareWarnAsError_IsAUsageError_ThatShowsTheAttachedForm()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.StepWeightAboveMaxWeight());

        var result = CliRunner.Run("lint", "--warnaserror", "CG1005", canary);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("did you mean '--warnaserror:CG1005'?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleIdsSeparatedBySpacesAfterNoWarn_AreAUsageError_ThatShowsTheCommaList()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", "--nowarn", "CG1021", "CG1014", "CG1013", canary);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("did you mean '--nowarn CG1021,CG1014'?", result.Error, StringComparison.Ordinal);
        Assert.Contains("did you mean '--nowarn CG1021,CG1014,CG1013'?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileNamedLikeAnOption_IsLintedAfterDoubleDash()
    {
        using var folder = new TempFolder();
        folder.Write("-web.yaml", Manifests.ChecksNothing());

        var result = ProcessRunInFolder(folder.Path, "lint", "--", "-web.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["-web.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void AnUnknownOptionOfAnotherCommand_IsAlsoStopped()
    {
        var result = CliRunner.Run("plan", "--canray", "web", "examples/");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean '--canary'?", result.Error, StringComparison.Ordinal);
    }

    /// <summary>The built tool in a folder of its own: a relative path that starts with '-' needs that folder.</summary>
    private static CanaryGuard.Tests.Shared.ProcessResult ProcessRunInFolder(string folder, params string[] args) =>
        BuiltTool.Run(args, folder);
}
