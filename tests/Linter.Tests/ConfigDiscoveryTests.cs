namespace CanaryGuard.Linter.Tests;

/// <summary>The policy of each file is the nearest .canaryguard.yaml walking up from its folder, unless --config names one.</summary>
public sealed class ConfigDiscoveryTests
{
    [Fact]
    public void PolicyInAParentFolder_Applies()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "rules: {CG1013: info}\n");
        var canary = folder.Write("apps/shop/canary.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", canary);

        Assert.Equal(["canary.yaml: info"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void NearerPolicy_Wins_PerFile()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "rules: {CG1013: info}\n");
        folder.Write("apps/quiet/.canaryguard.yaml", "rules: {CG1013: none}\n");
        folder.Write("apps/strict/.canaryguard.yaml", "rules: {CG1013: warning}\n");
        folder.Write("apps/quiet/q.yaml", Manifests.ChecksNothing("q"));
        folder.Write("apps/strict/s.yaml", Manifests.ChecksNothing("s"));
        folder.Write("apps/top.yaml", Manifests.ChecksNothing("top"));

        var result = CliRunner.Run("lint", Path.Combine(folder.Path, "apps"));

        Assert.Equal(["s.yaml: warning", "top.yaml: info"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void ConfigOption_OverridesEveryDiscoveredPolicy()
    {
        using var folder = new TempFolder();
        folder.Write("apps/.canaryguard.yaml", "rules: {CG1013: none}\n");
        var canary = folder.Write("apps/canary.yaml", Manifests.ChecksNothing());
        var config = folder.Write("ci/policy.yaml", "rules: {CG1013: warning}\n");

        var result = CliRunner.Run("lint", canary, "--config", config);

        Assert.Equal(["canary.yaml: warning"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void CategorySetting_AppliesToTheCategory_AndAnIdSettingBeatsIt()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "categories: {Analysis: info}\nrules: {CG1013: warning}\n");
        folder.Write("a.yaml", Manifests.ChecksNothing("a"));
        folder.Write("b.yaml", Manifests.StepWeightAboveMaxWeight("b"));

        var result = CliRunner.Run("lint", folder.Path);

        Assert.Equal(["a.yaml: warning"], TextOutput.Of(result.Output, "CG1013"));
        Assert.Equal(["b.yaml: info"], TextOutput.Of(result.Output, "CG1005"));
    }

    [Fact]
    public void ProblemsOfADiscoveredPolicy_AreReportedOnce_AtTheirLine()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", "rules: {CG1013: info}\nanalysis:\n  minAnalyses: many\n");
        folder.Write("a.yaml", Manifests.ChecksNothing("a"));
        folder.Write("b.yaml", Manifests.ChecksNothing("b"));

        var result = CliRunner.Run("lint", folder.Path);

        var problem = Assert.Single(TextOutput.Findings(result.Output), f => f.Id == "CG0006");
        Assert.Equal((".canaryguard.yaml", 3, 3), (Path.GetFileName(problem.File), problem.Line, problem.Column));
        Assert.Equal(["a.yaml: info", "b.yaml: info"], TextOutput.Of(result.Output, "CG1013"));
    }
}
