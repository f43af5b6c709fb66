using System.Text.RegularExpressions;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, trap 6: the install routes of the docs name things that exist.</summary>
public sealed partial class InstallTests
{
    private static readonly string[] Pages =
        ["README.md", "docs/ci.md", "docs/reports.md", "docs/install.md", "action.yml", ".pre-commit-hooks.yaml"];

    [Fact]
    public void ReadmeInstall_PutsDotnetsToolFolderOnPath_AndInstallsFromTheBuiltPackages()
    {
        var install = Section(Read("README.md"), "## Install");

        Assert.Contains("export PATH=\"$PATH:$HOME/.dotnet/tools\"", install, StringComparison.Ordinal);
        Assert.Contains("dotnet tool install --global --add-source artifacts CanaryGuard", install, StringComparison.Ordinal);
        Assert.Contains("dotnet pack src/Linter -c Release -o artifacts -p:NativeTool=true -r linux-x64", install, StringComparison.Ordinal);
    }

    [Fact]
    public void NoPageInstallsFromAFeedCanaryGuardIsNotPublishedOn()
    {
        foreach (var page in Pages)
        {
            foreach (var line in Read(page).Split('\n').Where(l => l.Contains("dotnet tool install", StringComparison.Ordinal) || l.Contains("dotnet tool update", StringComparison.Ordinal)))
            {
                Assert.True(
                    !line.Contains("CanaryGuard", StringComparison.Ordinal) || line.Contains("--add-source", StringComparison.Ordinal),
                    $"{page}: '{line.Trim()}' installs CanaryGuard from a package feed, where it is not published");
            }
        }
    }

    [Fact]
    public void EveryPinOfCanaryGuard_IsAFullCommitSha_NotATagThatDoesNotExist()
    {
        foreach (var page in Pages)
        {
            foreach (Match pin in Pin().Matches(Read(page)))
            {
                Assert.Matches("^[0-9a-f]{40}$", pin.Groups["ref"].Value);
            }
        }
    }

    [Fact]
    public void TheActionBuildsTheToolFromItsOwnCheckout()
    {
        var action = Read("action.yml");

        Assert.Contains("ACTION_PATH: ${{ github.action_path }}", action, StringComparison.Ordinal);
        Assert.Contains("dotnet publish \"$ACTION_PATH/src/Linter/Linter.csproj\"", action, StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryRoot.Combine("src", "Linter", "Linter.csproj")));
        Assert.DoesNotContain("inputs.version", action, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDockerHook_BuildsTheDockerfile_WhosePublishStepCiRuns()
    {
        var hooks = Read(".pre-commit-hooks.yaml");
        var dockerfile = Read("Dockerfile");
        var hook = hooks[hooks.IndexOf("- id: canaryguard-docker", StringComparison.Ordinal)..];

        Assert.Contains("language: docker\n", hook, StringComparison.Ordinal);
        var binary = EntryBinary().Match(hook).Groups["binary"].Value;
        Assert.Contains($"COPY --from=build /app/canaryguard {binary}\n", dockerfile, StringComparison.Ordinal);
        var publish = PublishStep().Match(dockerfile).Groups["command"].Value;
        Assert.StartsWith("dotnet publish src/Linter/Linter.csproj -c Release -r linux-x64 -p:PublishAot=true", publish, StringComparison.Ordinal);
        Assert.Contains(publish.Replace("-o /app", string.Empty, StringComparison.Ordinal).TrimEnd(), Read(".ci/run"), StringComparison.Ordinal);
    }

    private static string Read(string page) => File.ReadAllText(RepositoryRoot.Combine(page.Split('/'))).ReplaceLineEndings("\n");

    private static string Section(string page, string heading)
    {
        var start = page.IndexOf($"\n{heading}\n", StringComparison.Ordinal);
        var end = page.IndexOf("\n## ", start + heading.Length + 2, StringComparison.Ordinal);
        return page[start..end];
    }

    [GeneratedRegex(@"(?:canaryguard/canaryguard@|rev: |ref: |CANARYGUARD_COMMIT: |^commit=)(?<ref>[^\s#]+)", RegexOptions.Multiline)]
    private static partial Regex Pin();

    [GeneratedRegex(@"entry: (?<binary>\S+) lint")]
    private static partial Regex EntryBinary();

    [GeneratedRegex(@"^RUN (?<command>dotnet publish .*)$", RegexOptions.Multiline)]
    private static partial Regex PublishStep();
}
