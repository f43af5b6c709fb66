namespace CanaryGuard.Linter.Tests;

/// <summary>--nowarn, --warnaserror[:IDS], --output, -q and --format.</summary>
public sealed class OptionTests
{
    [Fact]
    public void NoWarn_SuppressesTheListedIds_AndTheyNoLongerCount()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", canary, "--nowarn", "CG1013");

        Assert.Empty(TextOutput.Of(result.Output, "CG1013"));
        Assert.Contains("suppressed", result.Output.Split('\n')[^2], StringComparison.Ordinal);
    }

    [Fact]
    public void NoWarn_AcceptsACommaSeparatedList()
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", Manifests.PolicyWithOnly(("CG1005", "error"), ("CG1013", "error")));
        folder.Write("a.yaml", Manifests.StepWeightAboveMaxWeight("a"));
        folder.Write("b.yaml", Manifests.ChecksNothing("b"));

        var result = CliRunner.Run("lint", folder.Path, "--config", config, "--nowarn", "CG1005,CG1013");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(TextOutput.Findings(result.Output));
        Assert.Contains("2 suppressed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void NoWarn_IsShownAsASuppressionInJson()
    {
        var result = CliRunner.RunWithInput(Manifests.ChecksNothing(), "lint", "-", "--nowarn", "CG1013", "--format", "json");

        Assert.Contains("\"suppressed\": true", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"commandline\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void WarnAsError_PromotesEveryWarning_AndChangesTheExitCode()
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", Manifests.PolicyWithOnly(("CG1005", "warning")));
        var canary = folder.Write("canary.yaml", Manifests.StepWeightAboveMaxWeight());

        var before = CliRunner.Run("lint", canary, "--config", config);
        var after = CliRunner.Run("lint", "--warnaserror", canary, "--config", config);

        Assert.Equal(0, before.ExitCode);
        Assert.Equal(["canary.yaml: warning"], TextOutput.Of(before.Output, "CG1005"));
        Assert.Equal(1, after.ExitCode);
        Assert.Equal(["canary.yaml: error"], TextOutput.Of(after.Output, "CG1005"));
    }

    [Fact]
    public void WarnAsErrorWithIds_PromotesOnlyThoseIds()
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", Manifests.PolicyWithOnly(("CG1005", "warning"), ("CG1013", "warning")));
        folder.Write("a.yaml", Manifests.StepWeightAboveMaxWeight("a"));
        folder.Write("b.yaml", Manifests.ChecksNothing("b"));

        var result = CliRunner.Run("lint", folder.Path, "--config", config, "--warnaserror:CG1013");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["a.yaml: warning"], TextOutput.Of(result.Output, "CG1005"));
        Assert.Equal(["b.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void WarnAsError_DoesNotPromoteInfo()
    {
        using var folder = new TempFolder();
        var config = folder.Write("policy.yaml", Manifests.PolicyWithOnly(("CG1005", "info")));
        var canary = folder.Write("canary.yaml", Manifests.StepWeightAboveMaxWeight());

        var result = CliRunner.Run("lint", "--warnaserror", canary, "--config", config);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["canary.yaml: info"], TextOutput.Of(result.Output, "CG1005"));
    }

    [Fact]
    public void Output_WritesTheReportToTheFile_AndNothingToStandardOutput()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());
        var report = Path.Combine(folder.Path, "report.txt");

        var result = CliRunner.Run("lint", canary, "--output", report);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(["canary.yaml: error"], TextOutput.Of(File.ReadAllText(report), "CG1013"));
    }

    [Fact]
    public void Output_WithJson_WritesAJsonDocument()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());
        var report = Path.Combine(folder.Path, "report.json");

        CliRunner.Run("lint", canary, "-f", "json", "-o", report);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report));
        Assert.Contains(json.RootElement.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("id").GetString() == "CG1013");
    }

    [Fact]
    public void Quiet_PrintsFindingsWithoutTheSummary()
    {
        var loud = CliRunner.RunWithInput(Manifests.ChecksNothing(), "lint", "-");
        var quiet = CliRunner.RunWithInput(Manifests.ChecksNothing(), "lint", "-", "-q");

        Assert.Contains(" in 1 file (1 resource)", loud.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" in 1 file", quiet.Output, StringComparison.Ordinal);
        Assert.Equal(TextOutput.Findings(loud.Output), TextOutput.Findings(quiet.Output));
        Assert.Equal(1, quiet.ExitCode);
    }

    [Fact]
    public void CleanInput_PrintsOnlyTheSummary()
    {
        var result = CliRunner.RunWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n", "lint", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0 errors, 0 warnings, 0 info in 1 file (1 resource)\n", result.Output.Replace("\r", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Text_IsNotColouredWhenNotATerminal()
    {
        var result = CliRunner.RunWithInput(Manifests.ChecksNothing(), "lint", "-");

        Assert.DoesNotContain("\u001b[", result.Output, StringComparison.Ordinal);
    }
}
