using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Catalog;

/// <summary>The policy example in docs/configuration.md is a policy file the loader accepts as written.</summary>
public sealed class ConfigurationDocsTests
{
    [Fact]
    public void SettingsExample_LoadsWithoutProblems()
    {
        var markdown = File.ReadAllText(RepositoryRoot.Combine("docs", "configuration.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var settings = markdown.IndexOf("### Settings\n", StringComparison.Ordinal);
        var start = markdown.IndexOf("```yaml\n", settings, StringComparison.Ordinal) + "```yaml\n".Length;
        var example = markdown[start..markdown.IndexOf("```", start, StringComparison.Ordinal)];

        var loaded = PolicyLoader.Load("configuration.md", example, AnalysisEngine.CreateDefault().KnownIds);

        Assert.True(loaded.Problems.Count == 0, string.Join("\n", loaded.Problems.Select(p => $"{p.Span?.StartLine}: {p.Message}")));
        Assert.Equal(DiagnosticSeverity.Warning, loaded.Policy.CategorySeverities[RuleCategories.Mesh]);
        Assert.Equal(["vendor/**", "*.generated.yaml"], loaded.Policy.Exclude);
        Assert.Equal("enabled", loaded.Policy.NamespaceLabels["shop"]["istio-injection"]);
    }
}
