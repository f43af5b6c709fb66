using CanaryGuard.Rules.Engine;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Catalog;

/// <summary>Every registered id has its page docs/rules/CGxxxx.md (the help link points there), in the common structure.</summary>
public sealed class RuleDocsTests
{
    private static readonly string[] RequiredSections = ["## Cause", "## Rule description", "## How to fix", "## When to suppress"];

    private static readonly string DocsFolder = RepositoryRoot.Combine("docs", "rules");

    [Fact]
    public void EveryDescriptor_HasAPage_WithItsTitlePropertiesAndSections()
    {
        var problems = AnalysisEngine.CreateDefault().Descriptors.SelectMany(PageProblems).ToList();

        Assert.True(problems.Count == 0, $"{problems.Count} rule page problem(s):\n  {string.Join("\n  ", problems)}");
    }

    [Fact]
    public void EveryPage_BelongsToARegisteredDescriptor()
    {
        var known = AnalysisEngine.CreateDefault().KnownIds;
        var pages = Directory.Exists(DocsFolder)
            ? Directory.EnumerateFiles(DocsFolder, "*.md").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            : [];

        var orphans = pages.Where(id => !known.Contains(id)).ToList();
        Assert.True(orphans.Count == 0, $"pages without a registered rule: {string.Join(", ", orphans)}");
    }

    [Fact]
    public void HelpLink_PointsAtThePage()
    {
        foreach (var descriptor in AnalysisEngine.CreateDefault().Descriptors)
        {
            Assert.EndsWith($"/docs/rules/{descriptor.Id}.md", descriptor.HelpLink.ToString(), StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> PageProblems(DiagnosticDescriptor descriptor)
    {
        var path = Path.Combine(DocsFolder, descriptor.Id + ".md");
        if (!File.Exists(path))
        {
            yield return $"docs/rules/{descriptor.Id}.md is missing";
            yield break;
        }

        var lines = File.ReadAllLines(path).Select(l => l.TrimEnd()).ToList();
        var heading = $"# {descriptor.Id}: {descriptor.Title}";
        if (lines.FirstOrDefault() != heading)
        {
            yield return $"{descriptor.Id}: the first line must be '{heading}', not '{lines.FirstOrDefault()}'";
        }

        string[] properties =
        [
            $"| Id | {descriptor.Id} |",
            $"| Category | {descriptor.Category} |",
            $"| Default severity | {descriptor.DefaultSeverity.ToText()} |",
        ];
        foreach (var row in properties.Where(row => !lines.Contains(row)))
        {
            yield return $"{descriptor.Id}: the property table lacks the row '{row}'";
        }

        foreach (var section in RequiredSections.Where(section => !lines.Contains(section)))
        {
            yield return $"{descriptor.Id}: the section '{section}' is missing";
        }
    }
}
