using System.Text.Json;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>
/// Every file of a folder opened in <c>canaryguard lsp</c> (Node's client, lsp-client/client.js --diagnostics) shows
/// what <c>canaryguard lint</c> of the folder reports for it: the examples, and kustomize overlays whose findings stand
/// at the base's and the patch's lines. The session ends with exit but no shutdown, which the server answers with 1.
/// </summary>
public sealed class LspLintEquivalenceTests
{
    [Fact]
    public void TheExamples_ShowWhatLintReports()
    {
        var examples = RepositoryRoot.Combine("examples");
        var files = Directory.EnumerateFiles(examples, "*.yaml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(examples, f)).Order(StringComparer.Ordinal).ToList();

        var shown = AssertSameAsLint(examples, files);

        Assert.Contains(shown, file => file.Key.StartsWith("unsafe/", StringComparison.Ordinal) && file.Value.Count > 0);
        Assert.Empty(shown["safe/canary.yaml"]);
    }

    [Fact]
    public void KustomizeOverlays_ShowWhatLintReports_AtTheBaseAndPatchLines()
    {
        using var folder = KustomizeTests.BaseAndTwoOverlays();

        var shown = AssertSameAsLint(folder.Path, ["base/canary.yaml", "overlays/prod/patch-canary.yaml", "overlays/prod/kustomization.yaml"]);

        Assert.Contains(("CG1010", 6, 5), shown["overlays/prod/patch-canary.yaml"]);
        Assert.NotEmpty(shown["base/canary.yaml"]);
    }

    [Fact]
    public void AMissingCanary_IsFixedIntoANewFileBeside_AsLintFixWritesIt_OrIntoTheSameFile()
    {
        using var folder = new TempFolder();
        folder.Write("web.yaml", Manifests.OptedInDeployment());

        var (shown, transcript) = RunClient(folder.Path, ["web.yaml"]);
        using var disposed = transcript;
        Assert.Contains(shown["web.yaml"], d => d.Id == "CG4001");
        var actions = transcript.RootElement.GetProperty("actions").GetProperty("web.yaml").EnumerateArray()
            .Where(a => a.GetProperty("diagnostics")[0].GetProperty("code").GetString() == "CG4001" && !a.GetProperty("title").GetString()!.StartsWith("Suppress", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, actions.Count);
        Assert.All(actions, a => Assert.False(a.TryGetProperty("isPreferred", out _)));

        // Beside: create web.canary.yaml, then write into it what lint --fix writes.
        var beside = actions[0].GetProperty("edit").GetProperty("documentChanges");
        Assert.Equal("create", beside[0].GetProperty("kind").GetString());
        Assert.EndsWith("/web.canary.yaml", beside[0].GetProperty("uri").GetString(), StringComparison.Ordinal);
        var written = Assert.Single(beside[1].GetProperty("edits").EnumerateArray()).GetProperty("newText").GetString();
        Assert.Equal(0, CliRunner.RunInProcess("lint", "--fix", folder.Path).ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(folder.Path, "web.canary.yaml")), written);

        // Inline: the same Canary as a new document at the end of web.yaml.
        Assert.EndsWith(", as a new document in this file", actions[1].GetProperty("title").GetString(), StringComparison.Ordinal);
        var inline = Assert.Single(actions[1].GetProperty("edit").GetProperty("changes").EnumerateObject());
        Assert.EndsWith("/web.yaml", inline.Name, StringComparison.Ordinal);
        Assert.Contains(written!, Assert.Single(inline.Value.EnumerateArray()).GetProperty("newText").GetString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, List<(string Id, int Line, int Column)>> AssertSameAsLint(string folder, IReadOnlyList<string> files)
    {
        var lint = CliRunner.RunInProcess("lint", folder, "--fail-on", "none");
        Assert.True(lint.ExitCode == 0, lint.Error);
        var expected = TextOutput.Findings(lint.Output)
            .GroupBy(f => Path.GetRelativePath(folder, Path.GetFullPath(f.File)).Replace('\\', '/'), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => (f.Id, f.Line, f.Column)).Order().ToList(), StringComparer.Ordinal);

        var (shown, transcript) = RunClient(folder, files);
        using (transcript)
        {
            Assert.Equal(1, transcript.RootElement.GetProperty("exitCode").GetInt32());
        }

        foreach (var file in files)
        {
            Assert.Equal(expected.GetValueOrDefault(file.Replace('\\', '/'), []), shown[file]);
        }

        return shown;
    }

    /// <summary>Opens the files in the server through Node's client: (id, line, column) of each file's diagnostics, and the transcript.</summary>
    private static (Dictionary<string, List<(string Id, int Line, int Column)>> Shown, JsonDocument Transcript) RunClient(string folder, IReadOnlyList<string> files)
    {
        var client = RepositoryRoot.Combine("tests", "Linter.Tests", "lsp-client");
        var result = ProcessRunner.Run("node", [Path.Combine(client, "client.js"), "--diagnostics", folder, string.Join(',', files), .. LspFixture.ServerCommand], client, timeout: TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.ToString());
        var transcript = JsonDocument.Parse(result.Output);
        var shown = new Dictionary<string, List<(string Id, int Line, int Column)>>(StringComparer.Ordinal);
        foreach (var file in transcript.RootElement.GetProperty("files").EnumerateObject())
        {
            shown[file.Name.Replace('\\', '/')] = [.. file.Value.EnumerateArray().Select(d => (d.GetProperty("code").GetString()!, d.GetProperty("line").GetInt32() + 1, d.GetProperty("character").GetInt32() + 1)).Order()];
        }

        return (shown, transcript);
    }
}
