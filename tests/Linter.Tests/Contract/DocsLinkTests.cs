using System.Text;
using System.Text.RegularExpressions;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, trap 8: every relative link of README.md and docs/ leads somewhere, anchors included.</summary>
public sealed partial class DocsLinkTests
{
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string>();
        foreach (var page in Directory.EnumerateFiles(RepositoryRoot.Combine("docs"), "*.md", SearchOption.AllDirectories).Prepend(RepositoryRoot.Combine("README.md")).Order(StringComparer.Ordinal))
        {
            pages.Add(Path.GetRelativePath(RepositoryRoot.Path, page).Replace('\\', '/'));
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLinkAndAnchor_Exists(string page)
    {
        var path = RepositoryRoot.Combine(page);
        var broken = new List<string>();
        foreach (var target in LinkTargets(File.ReadAllText(path)))
        {
            if (UriScheme().IsMatch(target))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var linked = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(linked) && !Directory.Exists(linked))
            {
                broken.Add($"{target}: no such file");
            }
            else if (anchor is not null && !(linked.EndsWith(".md", StringComparison.Ordinal) && Anchors(File.ReadAllText(linked)).Contains(anchor)))
            {
                broken.Add($"{target}: no such anchor (headings give: {string.Join(", ", File.Exists(linked) ? Anchors(File.ReadAllText(linked)).Order(StringComparer.Ordinal) : [])})");
            }
        }

        Assert.True(broken.Count == 0, $"{page} has broken links:\n{string.Join('\n', broken)}");
    }

    [Fact]
    public void Anchors_AreMadeAsGitHubMakesThem()
    {
        var anchors = Anchors("# Title\n## Baseline: adopt it\n```\n## not a heading\n```\n### `.canaryguard.yaml`\n## Title\n");

        Assert.Equal(["title", "baseline-adopt-it", "canaryguardyaml", "title-1"], anchors);
    }

    /// <summary>The targets of the inline links outside code.</summary>
    private static IEnumerable<string> LinkTargets(string markdown) =>
        Link().Matches(WithoutCode(markdown)).Select(m => m.Groups["target"].Value);

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered.</summary>
    private static List<string> Anchors(string markdown)
    {
        var anchors = new List<string>();
        foreach (Match heading in Heading().Matches(WithoutFences(markdown)))
        {
            var slug = new StringBuilder();
            foreach (var c in heading.Groups["text"].Value.Trim().ToLowerInvariant())
            {
                if (char.IsLetterOrDigit(c) || c is '-' or '_')
                {
                    slug.Append(c);
                }
                else if (c == ' ')
                {
                    slug.Append('-');
                }
            }

            var anchor = slug.ToString();
            var repeats = anchors.Count(a => a == anchor || a.StartsWith(anchor + "-", StringComparison.Ordinal) && int.TryParse(a[(anchor.Length + 1)..], out _));
            anchors.Add(repeats == 0 ? anchor : $"{anchor}-{repeats}");
        }

        return anchors;
    }

    private static string WithoutFences(string markdown) => Fence().Replace(markdown.ReplaceLineEndings("\n"), string.Empty);

    private static string WithoutCode(string markdown) => InlineCode().Replace(WithoutFences(markdown), string.Empty);

    [GeneratedRegex(@"^(```|~~~).*?^\1[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex("`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}[ \t]+(?<text>.+?)[ \t#]*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex("^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex UriScheme();
}
