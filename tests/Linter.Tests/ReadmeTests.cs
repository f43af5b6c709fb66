using CanaryGuard.Linter.Commands;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

/// <summary>
/// The README's rule table and its sample output are what the tool really prints. With
/// <c>CANARYGUARD_UPDATE_GOLDEN=1</c> a stale section is rewritten in README.md instead of failing (review the diff).
/// </summary>
public sealed class ReadmeTests
{
    private static readonly string ReadmePath = RepositoryRoot.Combine("README.md");

    private static string Readme => File.ReadAllText(ReadmePath).Replace("\r\n", "\n", StringComparison.Ordinal);

    [Fact]
    public void RuleTable_IsTheOutputOfRulesFormatMarkdown()
    {
        var expected = RulesCommand.Markdown(AnalysisEngine.CreateDefault().Descriptors);
        Assert.Equal(expected, CliRunner.Run("rules", "--format", "markdown").Output);

        var actual = Between("<!-- rules:begin -->\n", "<!-- rules:end -->");
        AssertSection(actual, expected, "rule table (between the markers)");
    }

    [Fact]
    public void OutputSection_ShowsWhatLintingTheExamplesPrints()
    {
        var output = FromRepositoryRoot(CliRunner.Run("lint", RepositoryRoot.Combine("examples")).Output);

        AssertSection(FirstTextBlock("Output"), output, "Output section's first text block");
    }

    [Fact]
    public void PlanSection_ShowsWhatPlanningTheSafeExamplePrints()
    {
        var output = FromRepositoryRoot(CliRunner.Run("plan", RepositoryRoot.Combine("examples", "safe", "canary.yaml")).Output);

        var expected = "$ canaryguard plan examples/safe/canary.yaml\n" + output;
        AssertSection(FirstTextBlock("Plan"), expected, "Plan section's text block");
    }

    [Fact]
    public void FixSection_ShowsWhatADryRunOnAnUnsafeExamplePrints()
    {
        // The diff names the file relative to the current folder, as git apply needs, wherever it is.
        var example = Path.GetRelativePath(Directory.GetCurrentDirectory(), RepositoryRoot.Combine("examples", "unsafe", "latency-in-seconds.yaml"));
        var result = CliRunner.Run("lint", "--fix", "--dry-run", example);
        var output = (result.Output + result.Error).Replace('\\', '/').Replace(example.Replace('\\', '/'), "examples/unsafe/latency-in-seconds.yaml", StringComparison.Ordinal);

        var expected = "$ canaryguard lint --fix --dry-run examples/unsafe/latency-in-seconds.yaml\n" + output;
        AssertSection(FirstTextBlock("Fix"), expected, "Fix section's text block");
        Assert.Contains("+          max: 500", expected, StringComparison.Ordinal);
    }

    /// <summary>
    /// Output as a run from the repository's root prints it: the tests lint by absolute paths (the test binaries'
    /// folder is not an ancestor of the repository), which the tool prints as given.
    /// </summary>
    private static string FromRepositoryRoot(string output) =>
        output.Replace(RepositoryRoot.Path + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal).Replace('\\', '/');

    /// <summary>Fails on a stale section, or rewrites it in README.md when golden files are being updated.</summary>
    private static void AssertSection((int Start, string Text) shown, string expected, string section)
    {
        if (shown.Text == expected)
        {
            return;
        }

        if (Reports.Golden.Updating)
        {
            var readme = Readme;
            File.WriteAllText(ReadmePath, string.Concat(readme.AsSpan(0, shown.Start), expected, readme.AsSpan(shown.Start + shown.Text.Length)));
            return;
        }

        Assert.Fail($"README.md's {section} is out of date (CANARYGUARD_UPDATE_GOLDEN=1 rewrites it); it should be:\n{expected}");
    }

    /// <summary>The first ```text block under the README heading <c>## {heading}</c>, and where it starts in README.md.</summary>
    private static (int Start, string Text) FirstTextBlock(string heading)
    {
        var readme = Readme;
        var section = readme.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        Assert.True(section >= 0, $"README.md has no section '## {heading}'");
        var start = readme.IndexOf("```text\n", section, StringComparison.Ordinal) + "```text\n".Length;
        return (start, readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)]);
    }

    /// <summary>The text between two markers, and where it starts in README.md.</summary>
    private static (int Start, string Text) Between(string begin, string end)
    {
        var readme = Readme;
        var start = readme.IndexOf(begin, StringComparison.Ordinal);
        var stop = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"README.md lacks the markers {begin.Trim()} ... {end}");
        return (start + begin.Length, readme[(start + begin.Length)..stop]);
    }
}
