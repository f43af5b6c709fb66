namespace CanaryGuard.Linter.Tests;

/// <summary>
/// References to objects outside the linted files: one notice per run on a partial run (pre-commit), real
/// findings with --complete.
/// </summary>
public sealed class PartialRunTests
{
    [Fact]
    public void MissingReferences_OnAPartialRun_AreOneNotice_NotAFindingEach()
    {
        var result = CliRunner.RunWithInput(Manifests.SafeCanary("a") + "---\n" + Manifests.SafeCanary("b"), "lint", "-");

        var notice = Assert.Single(result.Output.Split('\n'), l => l.StartsWith("notice:", StringComparison.Ordinal));
        Assert.Contains("references name objects not in the linted files (CG2001 x2", notice, StringComparison.Ordinal);
        Assert.Contains("--complete", notice, StringComparison.Ordinal);
        Assert.DoesNotContain(TextOutput.Findings(result.Output), f => f.Id == "CG2001");
        Assert.DoesNotContain("not found in the linted files", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void MissingReferences_WithComplete_AreErrors_AndNoNotice()
    {
        var result = CliRunner.RunWithInput(Manifests.SafeCanary("a"), "lint", "-", "--complete");

        Assert.Equal(["-: error"], TextOutput.Of(result.Output, "CG2001"));
        Assert.DoesNotContain("notice:", result.Output, StringComparison.Ordinal);
        Assert.Equal(1, result.ExitCode);
    }
}
