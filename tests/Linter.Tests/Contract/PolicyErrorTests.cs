namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, trap 4: an invalid policy turns no gate off.</summary>
public sealed class PolicyErrorTests
{
    [Theory]
    [InlineData("rules: {CG1005: eror}\n", 1, 9)]
    [InlineData("rulez: {CG1005: error}\n", 1, 1)]
    [InlineData("analysis:\n  minAnalyses: many\n", 2, 3)]
    public void AnInvalidPolicy_FailsTheRun_NamingFileLineAndColumn(string policy, int line, int column)
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", policy);
        folder.Write("web.yaml", Manifests.SafeCanary());

        var result = CliRunner.Run("lint", folder.Path);

        Assert.Equal(2, result.ExitCode);
        var problem = Assert.Single(TextOutput.Findings(result.Output), f => f.Id == "CG0006");
        Assert.Equal((Path.Combine(folder.Path, ".canaryguard.yaml"), line, column, "error"), (problem.File, problem.Line, problem.Column, problem.Severity));
        Assert.StartsWith("Failed: the policy ", result.Output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void LenientConfig_IgnoresTheInvalidEntry_WithAWarning()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "rules: {CG1005: eror}\n");
        folder.Write("web.yaml", Manifests.StepWeightAboveMaxWeight());

        var result = CliRunner.Run("lint", folder.Path, "--lenient-config");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([".canaryguard.yaml: warning"], TextOutput.Of(result.Output, "CG0006"));
        Assert.Equal(["web.yaml: warning"], TextOutput.Of(result.Output, "CG1005"));
    }

    [Fact]
    public void AnInvalidPolicy_AppliesNoFix()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "rules: {CG1010: eror}\n");
        var canary = folder.Write("web.yaml", Manifests.SafeCanary().Replace("interval: 1m", "interval: 5s", StringComparison.Ordinal));
        var before = File.ReadAllText(canary);

        var result = CliRunner.Run("lint", "--fix", canary);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(before, File.ReadAllText(canary));
    }
}
