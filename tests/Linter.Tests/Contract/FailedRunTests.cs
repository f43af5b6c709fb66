using System.Text.Json;

namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, traps 2 and 7: nothing a failed run (exit 2) writes reads as a pass.</summary>
public sealed class FailedRunTests
{
    [Fact]
    public void TheSummaryOfAFailedRun_SaysItFailed_AndCountsNothing()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.SafeCanary());

        var result = CliRunner.Run("lint", Path.Combine(folder.Path, "nosuchdir"), canary);

        Assert.Equal(2, result.ExitCode);
        var summary = result.Output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("Failed: 1 input could not be linted", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("0 errors", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMarkdownReportOfAFailedRun_SaysFailed()
    {
        using var folder = new TempFolder();
        var report = Path.Combine(folder.Path, "report.md");

        var result = CliRunner.Run("lint", Path.Combine(folder.Path, "nosuchdir"), "--format", $"markdown={report}");

        Assert.Equal(2, result.ExitCode);
        var markdown = File.ReadAllText(report);
        Assert.Contains(":x: **Failed:** 1 input could not be linted", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Passed", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSarifReportOfAFailedRun_SaysTheExecutionWasNotSuccessful()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.SafeCanary());
        var report = Path.Combine(folder.Path, "report.sarif");

        var result = CliRunner.Run("lint", canary, Path.Combine(folder.Path, "nosuchdir"), "--format", $"sarif={report}");

        Assert.Equal(2, result.ExitCode);
        using var sarif = JsonDocument.Parse(File.ReadAllText(report));
        var invocation = sarif.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Contains(
            invocation.GetProperty("toolExecutionNotifications").EnumerateArray(),
            n => n.GetProperty("level").GetString() == "error" && n.GetProperty("message").GetProperty("text").GetString()!.Contains("could not be linted", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("junit")]
    [InlineData("checkstyle")]
    public void AReportThatCannotSayItFailed_IsNotWritten_AndTheOneOfAnEarlierRunIsRemoved(string format)
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.SafeCanary());
        var report = folder.Write("report." + format, "the clean report of an earlier run");

        var result = CliRunner.Run("lint", canary, Path.Combine(folder.Path, "nosuchdir"), "--format", $"{format}={report}");

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(report));
        Assert.Contains($"the {format} report ({report}) was not written: the run failed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonReportToStandardOutput_IsNotWrittenForAFailedRun()
    {
        var result = CliRunner.RunWithInput(string.Empty, "lint", "-", "--format", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
    }
}
