using CanaryGuard.Linter.Commands;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Tests;

public sealed class RulesCommandTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> Descriptors = AnalysisEngine.CreateDefault().Descriptors;

    [Fact]
    public void Text_ListsEveryRegisteredDescriptor_InIdOrder()
    {
        var result = CliRunner.Run("rules");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(["ID", "SEVERITY", "CATEGORY", "FIX", "TITLE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Descriptors.Select(d => d.Id), lines.Skip(1).Select(l => l.Split(' ')[0]));
        var syntaxError = Assert.Single(lines, l => l.StartsWith("CG0001", StringComparison.Ordinal));
        Assert.Equal(["CG0001", "error", "Input", "YAML syntax error"], syntaxError.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var fixable = Assert.Single(lines, l => l.StartsWith("CG1010", StringComparison.Ordinal));
        Assert.Equal("yes", fixable.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[3]);
    }

    [Fact]
    public void Markdown_IsATableWithOneLinkedRowPerDescriptor()
    {
        var result = CliRunner.Run("rules", "--format", "markdown");

        var lines = result.Output.TrimEnd('\n').Split('\n');
        Assert.Equal(["| Id | Severity | Category | Fix | Title |", "|---|---|---|---|---|"], lines[..2]);
        Assert.Equal(Descriptors.Count, lines.Length - 2);
        Assert.Contains("| [CG1005](docs/rules/CG1005.md) | warning | Analysis |  | stepWeight is not below maxWeight |", lines);
        Assert.Contains("| [CG1010](docs/rules/CG1010.md) | warning | Analysis | yes | The interval is below Flagger's 10s floor |", lines);
    }

    [Fact]
    public void Json_DescribesEveryDescriptor()
    {
        var result = CliRunner.Run("rules", "--format", "json");

        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var rules = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(Descriptors.Select(d => d.Id), rules.Select(r => r.GetProperty("id").GetString()));
        var syntaxError = rules[0];
        Assert.Equal("error", syntaxError.GetProperty("defaultSeverity").GetString());
        Assert.False(syntaxError.GetProperty("configurable").GetBoolean());
        Assert.EndsWith("docs/rules/CG0001.md", syntaxError.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, syntaxError.GetProperty("fix").ValueKind);
        Assert.Equal("raises the interval to 10s", rules.Single(r => r.GetProperty("id").GetString() == "CG1010").GetProperty("fix").GetString());
    }

    [Fact]
    public void UnknownFormat_ExitsTwo() => Assert.Equal(2, CliRunner.Run("rules", "--format", "html").ExitCode);
}

public sealed class ExplainCommandTests
{
    [Fact]
    public void KnownId_PrintsTheRulePageOrTheDescriptorSummary()
    {
        var result = CliRunner.Run("explain", "CG1005");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("# CG1005: stepWeight is not below maxWeight\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedPage_IsPrintedVerbatim_WhenThisBuildHasIt()
    {
        foreach (var descriptor in AnalysisEngine.CreateDefault().Descriptors)
        {
            var page = RepositoryRootPage(descriptor.Id);
            var output = CliRunner.Run("explain", descriptor.Id).Output;
            if (page is null)
            {
                Assert.Contains(descriptor.Description, output, StringComparison.Ordinal);
                Assert.Contains(descriptor.HelpLink.ToString(), output, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(page, output);
            }
        }
    }

    [Fact]
    public void Id_IsCaseInsensitive() => Assert.StartsWith("# CG1013: ", CliRunner.Run("explain", "cg1013").Output, StringComparison.Ordinal);

    [Fact]
    public void UnknownId_ExitsTwoWithAClearMessage()
    {
        var result = CliRunner.Run("explain", "CG9999");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal("canaryguard: unknown rule id 'CG9999'; 'canaryguard rules' lists them", result.Error.Trim());
    }

    [Fact]
    public void MissingId_ExitsTwo() => Assert.Equal(2, CliRunner.Run("explain").ExitCode);

    private static string? RepositoryRootPage(string id)
    {
        var path = CanaryGuard.Tests.Shared.RepositoryRoot.Combine("docs", "rules", id + ".md");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}

public sealed class InitCommandTests
{
    [Fact]
    public void WritesAPolicyThatLoadsWithoutProblems_AndEqualsTheDefault()
    {
        using var folder = new TempFolder();

        var result = CliRunner.Run("init", "--path", folder.Path);

        Assert.Equal(0, result.ExitCode);
        var path = Path.Combine(folder.Path, PolicyLoader.FileName);
        Assert.Equal($"wrote {path}", result.Output.Trim());
        var loaded = PolicyLoader.Load(path, File.ReadAllText(path), AnalysisEngine.CreateDefault().KnownIds);
        Assert.Empty(loaded.Problems);
        AssertEqualsDefault(loaded.Policy);
    }

    [Theory]
    [InlineData("rules:")]
    [InlineData("categories:")]
    [InlineData("analysis:")]
    [InlineData("  minAnalyses: 3")]
    [InlineData("  minAnalysisTime: 5m")]
    [InlineData("  maxRolloutTime: 60m")]
    [InlineData("  maxTimeToRollback: 10m")]
    [InlineData("  scrapeInterval: 15s")]
    [InlineData("  requiredMetrics:")]
    [InlineData("meshProvider: istio")]
    [InlineData("selectorLabels:")]
    [InlineData("exclude:")]
    [InlineData("defaultNamespace: default")]
    [InlineData("complete: false")]
    [InlineData("namespaces:")]
    public void DocumentsEverySetting_WithACommentAboveIt(string setting)
    {
        var lines = DefaultPolicyFile.Text.Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith(setting, StringComparison.Ordinal));
        Assert.True(index > 0, $"'{setting}' is not in the default policy file");
        Assert.StartsWith("#", lines[index - 1].TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExistingFile_IsNotOverwritten_WithoutForce()
    {
        using var folder = new TempFolder();
        var existing = folder.Write(PolicyLoader.FileName, "rules: {CG1005: error}\n");

        var refused = CliRunner.Run("init", "--path", folder.Path);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("already exists; use --force", refused.Error, StringComparison.Ordinal);
        Assert.Equal("rules: {CG1005: error}\n", File.ReadAllText(existing));

        var forced = CliRunner.Run("init", "--path", folder.Path, "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(DefaultPolicyFile.Text, File.ReadAllText(existing));
    }

    [Fact]
    public void MissingFolder_IsCreated()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "new", "project");

        Assert.Equal(0, CliRunner.Run("init", "--path", target).ExitCode);
        Assert.True(File.Exists(Path.Combine(target, PolicyLoader.FileName)));
    }

    /// <summary>Compares structurally: records compare their collections by reference.</summary>
    private static void AssertEqualsDefault(CanaryGuardPolicy policy) =>
        Assert.Equivalent(CanaryGuardPolicy.Default, policy with { SourcePath = null }, strict: true);
}

public sealed class VersionCommandTests
{
    [Fact]
    public void PrintsTheToolVersion()
    {
        var result = CliRunner.Run("version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^canaryguard \d+\.\d+\.\d+", result.Output);
    }
}
