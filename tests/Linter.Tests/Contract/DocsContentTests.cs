using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, trap 8: what the docs say the tool does is what it does.</summary>
public sealed partial class DocsContentTests
{
    private static readonly string Examples = RepositoryRoot.Combine("examples");

    [Fact]
    public void JsonOutputPage_ShowsWhatItsCommandWrites()
    {
        var page = Read("docs", "json-output.md");
        var actual = JsonNode.Parse(CliRunner.Run("lint", Examples, "--format", "json").Output)!;

        var summary = JsonNode.Parse(SummaryLine().Match(page).Groups["summary"].Value)!;
        Assert.True(JsonNode.DeepEquals(actual["summary"], summary), $"docs/json-output.md's summary should be {actual["summary"]!.ToJsonString()}");

        var shown = JsonNode.Parse(JsonBlocks(page).Single(b => b.Contains("\"helpUri\"", StringComparison.Ordinal)))!;
        shown["file"] = Path.Combine(Examples, Path.GetRelativePath("examples", shown["file"]!.GetValue<string>()));
        Assert.Contains(actual["diagnostics"]!.AsArray(), d => JsonNode.DeepEquals(d, shown));
    }

    [Fact]
    public void ConfigurationPage_DocumentsEverySettingThePolicyReaderKnows()
    {
        using var folder = new TempFolder();
        var policy = folder.Write("policy.yaml", "nosuchsetting: 1\nanalysis: {nosuch: 1}\nadmission: {nosuch: 1}\ncanaryTemplate: {nosuch: 1}\n");
        var result = CliRunner.Run("lint", "--config", policy, "--lenient-config", folder.Write("web.yaml", Manifests.SafeCanary()));
        var known = KnownSettings().Matches(result.Output).SelectMany(m => m.Groups["keys"].Value.Split(", ")).ToList();
        Assert.True(known.Count > 20, result.Output);

        var page = Read("docs", "configuration.md");
        Assert.All(known, key => Assert.Contains($"{key}:", page, StringComparison.Ordinal));
        Assert.Contains("`NO_COLOR`", page, StringComparison.Ordinal);
        Assert.Contains("`TERM=dumb`", page, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeUsage_NamesTheArgumentsAsHelpDoes()
    {
        var usage = Read("README.md");
        var help = CliRunner.Run("plan", "--help").Output;

        Assert.Contains("plan <paths>... [options]", help, StringComparison.Ordinal);
        Assert.Contains("canaryguard plan PATH...", usage, StringComparison.Ordinal);
        Assert.DoesNotContain("canaryguard plan FILE", usage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCanaryFileOfCG4001sFix_IsNamedAsTheDocsSay()
    {
        using var folder = new TempFolder();
        var workload = folder.Write("deploy.yaml", Manifests.OptedInDeployment("web"));

        CliRunner.Run("lint", "--fix-only", "CG4001", workload);

        Assert.True(File.Exists(Path.Combine(folder.Path, "deploy.canary.yaml")), string.Join(", ", Directory.GetFiles(folder.Path)));
        foreach (var page in new[] { Read("README.md"), Read("docs", "rules", "CG4001.md") })
        {
            Assert.DoesNotContain("NAME.canary.yaml", page, StringComparison.Ordinal);
            Assert.Contains("FILE.canary.yaml", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ThePreCommitPage_GivesTheMeasuredTimeOfTheDotnetHook()
    {
        Assert.DoesNotContain("about 20 s", Read("docs", "reports.md"), StringComparison.Ordinal);
    }

    private static string Read(params string[] parts) => File.ReadAllText(RepositoryRoot.Combine(parts)).ReplaceLineEndings("\n");

    private static IEnumerable<string> JsonBlocks(string page) =>
        JsonBlock().Matches(page).Select(m => m.Groups["json"].Value);

    [GeneratedRegex(@"""summary"": (?<summary>\{[^}]*\})")]
    private static partial Regex SummaryLine();

    [GeneratedRegex("```json\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("known settings: (?<keys>[A-Za-z, ]+)")]
    private static partial Regex KnownSettings();
}
