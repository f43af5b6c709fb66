using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Fixes;

/// <summary>A rule page has a "Code fix" section exactly when the rule has a code fix.</summary>
public sealed class CodeFixDocsTests
{
    [Fact]
    public void RulePages_DescribeTheirCodeFix_ExactlyWhenOneExists()
    {
        var problems = AnalysisEngine.CreateDefault().Descriptors
            .Select(d => (d.Id, Fixable: CodeFixCatalog.FixableIds.Contains(d.Id), Documented: File.ReadAllLines(RepositoryRoot.Combine("docs", "rules", d.Id + ".md")).Contains("## Code fix")))
            .Where(page => page.Fixable != page.Documented)
            .Select(page => page.Fixable ? $"{page.Id}: has a code fix but no '## Code fix' section" : $"{page.Id}: has a '## Code fix' section but no code fix")
            .ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(9, CodeFixCatalog.FixableIds.Count);
    }
}
