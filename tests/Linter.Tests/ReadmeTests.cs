using CanaryGuard.Linter.Commands;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

/// <summary>The README's rule table and its sample output are what the tool really prints.</summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepositoryRoot.Combine("README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

    [Fact]
    public void RuleTable_IsTheOutputOfRulesFormatMarkdown()
    {
        var expected = RulesCommand.Markdown(AnalysisEngine.CreateDefault().Descriptors);
        Assert.Equal(expected, CliRunner.Run("rules", "--format", "markdown").Output);

        var actual = Between("<!-- rules:begin -->\n", "<!-- rules:end -->");
        Assert.True(
            actual == expected,
            $"README.md's rule table is out of date; replace the lines between the markers with:\n<!-- rules:begin -->\n{expected}<!-- rules:end -->");
    }

    [Fact]
    public void OutputSection_ShowsWhatLintingTheExamplesPrints()
    {
        var examples = Path.GetRelativePath(Directory.GetCurrentDirectory(), RepositoryRoot.Combine("examples"));
        var output = CliRunner.Run("lint", examples).Output.Replace('\\', '/').Replace(examples.Replace('\\', '/') + "/", "examples/", StringComparison.Ordinal);

        var shown = FirstTextBlock("Output");
        Assert.True(
            shown == output,
            $"README.md's Output section is out of date; the first text block should be:\n```text\n{output}```");
    }

    [Fact]
    public void PlanSection_ShowsWhatPlanningTheSafeExamplePrints()
    {
        var canary = Path.GetRelativePath(Directory.GetCurrentDirectory(), RepositoryRoot.Combine("examples", "safe", "canary.yaml"));
        var output = CliRunner.Run("plan", canary).Output.Replace('\\', '/').Replace(canary.Replace('\\', '/'), "examples/safe/canary.yaml", StringComparison.Ordinal);

        var expected = "$ canaryguard plan examples/safe/canary.yaml\n" + output;
        Assert.True(FirstTextBlock("Plan") == expected, $"README.md's Plan section is out of date; its text block should be:\n```text\n{expected}```");
    }

    [Fact]
    public void FixSection_ShowsWhatADryRunOnAnUnsafeExamplePrints()
    {
        var example = Path.GetRelativePath(Directory.GetCurrentDirectory(), RepositoryRoot.Combine("examples", "unsafe", "latency-in-seconds.yaml"));
        var result = CliRunner.Run("lint", "--fix", "--dry-run", example);
        var output = (result.Output + result.Error).Replace('\\', '/').Replace(example.Replace('\\', '/'), "examples/unsafe/latency-in-seconds.yaml", StringComparison.Ordinal);

        var expected = "$ canaryguard lint --fix --dry-run examples/unsafe/latency-in-seconds.yaml\n" + output;
        Assert.True(FirstTextBlock("Fix") == expected, $"README.md's Fix section is out of date; its text block should be:\n```text\n{expected}```");
        Assert.Contains("+          max: 500", expected, StringComparison.Ordinal);
    }

    /// <summary>The first ```text block under the README heading <c>## {heading}</c>.</summary>
    private static string FirstTextBlock(string heading)
    {
        var section = Readme[Readme.IndexOf($"\n## {heading}\n", StringComparison.Ordinal)..];
        var start = section.IndexOf("```text\n", StringComparison.Ordinal) + "```text\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static string Between(string begin, string end)
    {
        var start = Readme.IndexOf(begin, StringComparison.Ordinal);
        var stop = Readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"README.md lacks the markers {begin.Trim()} ... {end}");
        return Readme[(start + begin.Length)..stop];
    }
}
