namespace CanaryGuard.Linter.Tests;

public sealed class ExitCodeTests
{
    private const string UnsafeCanary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          analysis: {interval: 1m, maxWeight: 50, stepWeight: 10}
        """;

    [Fact]
    public void ErrorFinding_ExitsOne()
    {
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("-(7,3): error CG1013:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void FailOnNone_ExitsZeroWithTheSameFindings()
    {
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-", "--fail-on", "none");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("CG1013", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("warning", "error", 0)]
    [InlineData("warning", "warning", 1)]
    [InlineData("warning", "info", 1)]
    [InlineData("warning", "none", 0)]
    [InlineData("info", "error", 0)]
    [InlineData("info", "warning", 0)]
    [InlineData("info", "info", 1)]
    [InlineData("error", "error", 1)]
    [InlineData("error", "none", 0)]
    [InlineData("hidden", "info", 0)]
    public void FailOn_ComparesTheHighestSeverityWithTheThreshold(string findingSeverity, string failOn, int expectedExitCode)
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", Manifests.PolicyWithOnly(("CG1005", findingSeverity)));
        var canary = folder.Write("canary.yaml", Manifests.StepWeightAboveMaxWeight());

        var result = CliRunner.Run("lint", canary, "--config", config, "--fail-on", failOn);

        Assert.Equal(expectedExitCode, result.ExitCode);
        string[] expected = findingSeverity == "hidden" ? [] : [$"canary.yaml: {findingSeverity}"];
        Assert.Equal(expected, TextOutput.Of(result.Output, "CG1005"));
    }

    [Fact]
    public void DefaultFailOn_IsError_SoWarningsAloneExitZero()
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", Manifests.PolicyWithOnly(("CG1005", "warning")));
        var canary = folder.Write("canary.yaml", Manifests.StepWeightAboveMaxWeight());

        var result = CliRunner.Run("lint", canary, "--config", config);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["canary.yaml: warning"], TextOutput.Of(result.Output, "CG1005"));
    }

    [Fact]
    public void FileThatDoesNotParse_IsCG0001AndExitsOne_AndTheOtherFilesAreStillLinted()
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", Manifests.PolicyWithOnly(("CG1005", "warning")));
        folder.Write("manifests/a-broken.yaml", Manifests.SyntaxError);
        folder.Write("manifests/b-canary.yaml", Manifests.StepWeightAboveMaxWeight());

        var result = CliRunner.Run("lint", Path.Combine(folder.Path, "manifests"), "--config", config);

        Assert.Equal(1, result.ExitCode);
        var syntaxError = Assert.Single(TextOutput.Findings(result.Output), f => f.Id == "CG0001");
        Assert.Equal(("a-broken.yaml", 4, "error"), (Path.GetFileName(syntaxError.File), syntaxError.Line, syntaxError.Severity));
        Assert.Equal(["b-canary.yaml: warning"], TextOutput.Of(result.Output, "CG1005"));
        Assert.Empty(result.Error);
    }

    [Fact]
    public void SyntaxErrors_CannotBeTurnedOffByPolicy()
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", "rules: {CG0001: none}\n");
        var broken = folder.Write("broken.yaml", Manifests.SyntaxError);

        var result = CliRunner.Run("lint", broken, "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(TextOutput.Findings(result.Output), f => f.Id == "CG0001");
    }

    [Fact]
    public void MissingPath_ExitsTwoAndNamesIt()
    {
        var result = CliRunner.Run("lint", "does-not-exist.yaml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does-not-exist.yaml: no such file or folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPath_StillLintsTheOtherPaths_ButExitsTwo()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", canary, Path.Combine(folder.Path, "missing.yaml"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["canary.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void FolderWithNoManifests_ExitsTwo()
    {
        using var folder = new TempFolder();
        folder.Write("notes.txt", "not a manifest");

        var result = CliRunner.Run("lint", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no *.yaml, *.yml or *.json manifests in this folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOption_ExitsTwo() => Assert.Equal(2, CliRunner.Run("lint", "--no-such-option").ExitCode);

    [Fact]
    public void UnknownFailOnValue_ExitsTwo() => Assert.Equal(2, CliRunner.RunWithInput(UnsafeCanary, "lint", "-", "--fail-on", "fatal").ExitCode);

    [Fact]
    public void MissingConfigFile_ExitsTwoBeforeLinting()
    {
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-", "--config", "no-such-policy.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--config no-such-policy.yaml: no such file", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("--nowarn", "CG9999")]
    [InlineData("--warnaserror:CG1005,CG9999", null)]
    public void UnknownIdOnTheCommandLine_ExitsTwo(string option, string? value)
    {
        string[] args = value is null ? ["lint", "-", option] : ["lint", "-", option, value];
        var result = CliRunner.RunWithInput(UnsafeCanary, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown rule id(s): CG9999", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidPolicyEntry_IsCG0006AtItsLine_AndTheRestOfThePolicyStillApplies()
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", "rules:\n  CG1005: fatal\n  CG1013: warning\n");
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", canary, "--config", config, "--fail-on", "error", "--lenient-config");

        var problem = Assert.Single(TextOutput.Findings(result.Output), f => f.Id == "CG0006");
        Assert.Equal(("policy.yaml", 2, "warning"), (Path.GetFileName(problem.File), problem.Line, problem.Severity));
        Assert.Contains("'fatal' is not a severity for CG1005", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["canary.yaml: warning"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void PolicyFileThatDoesNotParse_IsReported_AndTheDefaultsApply()
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", "rules: {CG1013: [\n");
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());

        var strict = CliRunner.Run("lint", canary, "--config", config);
        var lenient = CliRunner.Run("lint", canary, "--config", config, "--lenient-config");

        Assert.Equal(2, strict.ExitCode);
        Assert.Equal(1, lenient.ExitCode);
        foreach (var result in new[] { strict, lenient })
        {
            Assert.Single(TextOutput.Findings(result.Output), f => f.Id == "CG0001" && Path.GetFileName(f.File) == "policy.yaml");
            Assert.Equal(["canary.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
        }
    }

    [Fact]
    public void BareWarnAsError_TakesNoValue_AndPromotesWarnings()
    {
        using var folder = new TempFolder();
        folder.Write("c.yaml", UnsafeCanary.Replace("stepWeight: 10", "stepWeight: 60", StringComparison.Ordinal));
        var result = CliRunner.Run("lint", "--warnaserror", folder.Path);
        Assert.Contains("error CG1005:", result.Output, StringComparison.Ordinal);
    }
}
