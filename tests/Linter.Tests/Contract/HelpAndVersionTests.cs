using System.Text.RegularExpressions;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, trap 7: help without an error, and one version string from the build.</summary>
public sealed partial class HelpAndVersionTests
{
    [Fact]
    public void BareCanaryguard_PrintsHelp()
    {
        var result = CliRunner.Run();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.Contains("lint", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpCommand_PrintsTheHelpOfTheCommandNamed()
    {
        var result = CliRunner.Run("help", "lint");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("lint [<paths>...] [options]", result.Output, StringComparison.Ordinal);
        Assert.Contains("--fail-on", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void VersionOption_AndVersionCommand_PrintTheSameString()
    {
        var option = CliRunner.Run("--version");
        var command = CliRunner.Run("version");

        Assert.Equal(0, option.ExitCode);
        Assert.Equal(command.Output, option.Output);
        Assert.Matches(VersionLine(), option.Output);
    }

    [Fact]
    public void TheVersion_IsThePrefixDotCommitCount_PlusTheCommit()
    {
        // The commit the build was made from (HEAD may have moved on since), and how many commits lead to it.
        var match = Regex.Match(ToolVersion.Current, @"^0\.1\.(?<count>\d+)\+(?<commit>[0-9a-f]{12})$");
        Assert.True(match.Success, ToolVersion.Current);
        var count = ProcessRunner.Run("git", ["rev-list", "--count", match.Groups["commit"].Value], RepositoryRoot.Path);

        Assert.True(count.ExitCode == 0, count.ToString());
        Assert.Equal(match.Groups["count"].Value, count.Output.Trim());
    }

    [Fact]
    public void TheBuiltTool_PrintsTheVersionOfTheBuild()
    {
        var result = BuiltTool.Run(["--version"]);

        Assert.Equal($"canaryguard {ToolVersion.Current}\n", result.Output.ReplaceLineEndings("\n"));
    }

    [GeneratedRegex(@"^canaryguard \d+\.\d+\.\d+\+[0-9a-f]{12}\r?\n$")]
    private static partial Regex VersionLine();
}
