using System.Text.Json;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>
/// <c>canaryguard lsp</c> driven by an independent client, Node's vscode-languageserver-protocol (lsp-client/client.js),
/// through a whole session; what it saw is checked against <c>canaryguard lint</c> and <c>lint --fix</c> on the same
/// text. .ci/run installs the client's packages (npm ci); without them the test fails, saying so.
/// </summary>
public sealed class LspClientTests
{
    private static readonly string ClientFolder = RepositoryRoot.Combine("tests", "Linter.Tests", "lsp-client");

    [Fact]
    public void ASession_MatchesLintAndLintFix_Everywhere()
    {
        using var fixture = new LspFixture();
        var expectedOpened = Lint(fixture.Workspace.Path, "canary.yaml");
        var expectedOther = Lint(fixture.Workspace.Path, "other.yaml");
        var expectedOutside = Lint(fixture.OutsideFile, "outside.yaml");

        var transcript = RunClient(fixture);
        var root = transcript.RootElement;

        Assert.Equal(-32002, root.GetProperty("beforeInitialize").GetInt32());
        Assert.Equal("utf-16", root.GetProperty("initialize").GetProperty("capabilities").GetProperty("positionEncoding").GetString());
        var registration = Assert.Single(root.GetProperty("registrations").EnumerateArray());
        Assert.Equal("workspace/didChangeWatchedFiles", registration.GetProperty("method").GetString());
        Assert.Contains("**/.canaryguard.yaml", registration.GetProperty("registerOptions").GetProperty("watchers").EnumerateArray().Select(w => w.GetProperty("globPattern").GetString()));

        // Diagnostics as lint reports them: ids, lines and columns (1-based there, 0-based UTF-16 here).
        Assert.Equal(expectedOpened, Positions(root.GetProperty("opened")));
        Assert.Equal(expectedOther, Positions(root.GetProperty("other")));
        Assert.Equal(expectedOutside, Positions(root.GetProperty("outside")));
        var unicode = root.GetProperty("opened").EnumerateArray().Single(d => d.GetProperty("code").GetString() == LspFixture.CommentId);
        Assert.Equal(root.GetProperty("unicodeKeyCharacter").GetInt32(), unicode.GetProperty("character").GetInt32());
        var deprecated = root.GetProperty("opened").EnumerateArray().Single(d => d.GetProperty("code").GetString() == LspFixture.QuickFixId);
        Assert.Equal([2], deprecated.GetProperty("tags").EnumerateArray().Select(t => t.GetInt32()));
        Assert.EndsWith($"/docs/rules/{LspFixture.QuickFixId}.md", deprecated.GetProperty("href").GetString(), StringComparison.Ordinal);

        var twoCanaries = root.GetProperty("opened").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "CG2009");
        var related = Assert.Single(twoCanaries.GetProperty("related").EnumerateArray());
        Assert.EndsWith("/other.yaml", related.GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal((3, "Canary shop/api"), (related.GetProperty("line").GetInt32(), related.GetProperty("message").GetString()));

        // Code actions: a preferred quick fix, both suppressions of every finding, fix-all; applied as lint --fix.
        var actions = root.GetProperty("actions").EnumerateArray().ToList();
        Assert.Contains(actions, a => a.GetProperty("kind").GetString() == "source.fixAll.canaryguard");
        Assert.Contains(actions, a => a.GetProperty("title").GetString() == $"Suppress {LspFixture.CommentId} on this line (comment)");
        Assert.Equal(FixedByLint(LspFixture.QuickFixId), root.GetProperty("quickFix").GetProperty("text").GetString());
        Assert.DoesNotContain(Codes(root.GetProperty("quickFix").GetProperty("afterDiagnostics")), c => c == LspFixture.QuickFixId);
        Assert.Equal(FixedByLint(null), root.GetProperty("fixAllText").GetString());
        Assert.DoesNotContain(LspFixture.CommentId, root.GetProperty("suppressedByComment").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain(LspFixture.AnnotationId, root.GetProperty("suppressedByAnnotation").EnumerateArray().Select(c => c.GetString()));
        var suppressed = root.GetProperty("suppressedText").GetString()!;
        Assert.Contains($"# canaryguard-disable-next-line {LspFixture.CommentId}", suppressed, StringComparison.Ordinal);
        Assert.Contains($"canaryguard.io/suppress: \"{LspFixture.AnnotationId}\"", suppressed, StringComparison.Ordinal);

        // Hover and completion.
        Assert.Contains($"**{LspFixture.CommentId}: ", root.GetProperty("hoverFinding").GetString(), StringComparison.Ordinal);
        Assert.Contains($"/docs/rules/{LspFixture.CommentId}.md", root.GetProperty("hoverFinding").GetString(), StringComparison.Ordinal);
        var field = root.GetProperty("hoverField").GetString()!;
        Assert.Contains("`spec.analysis.maxWeight`: number", field, StringComparison.Ordinal);
        Assert.Contains("interval 1m0s x 5 analyses: promotion after", field, StringComparison.Ordinal);
        Assert.Contains("interval 1m0s x 4 analyses: promotion after", root.GetProperty("hoverAfterRangedChange").GetString(), StringComparison.Ordinal);
        Assert.Contains("CG1005", root.GetProperty("completionIds").EnumerateArray().Select(i => i.GetString()));
        var fields = root.GetProperty("completionFields").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.Contains("stepWeights", fields);
        Assert.Contains("iterations", fields);
        Assert.DoesNotContain("maxWeight", fields);

        // Edge cases: cancellation, a syntax error mid-typing, a deleted file, a policy with errors, exit.
        Assert.True(root.GetProperty("afterCancel").GetBoolean());
        using (var broken = new TempFolder())
        {
            broken.Write(".canaryguard.yaml", "complete: true\n");
            var brokenFile = broken.Write("canary.yaml", root.GetProperty("brokenText").GetString()!);
            var syntax = Lint(brokenFile, "canary.yaml").Where(f => f.Id == "CG0001").ToList();
            Assert.NotEmpty(syntax);
            Assert.Equal(syntax, Positions(root.GetProperty("syntaxError")).Where(f => f.Id == "CG0001"));
        }

        Assert.True(root.GetProperty("otherKept").GetBoolean(), "the other file's diagnostics changed when canary.yaml broke");
        File.WriteAllText(Path.Combine(fixture.Workspace.Path, "canary.yaml"), root.GetProperty("afterDeleteText").GetString());
        Assert.Equal(Lint(fixture.Workspace.Path, "canary.yaml"), Positions(root.GetProperty("afterDelete")));
        Assert.Contains("CG2001", Codes(root.GetProperty("afterDelete")));
        var policy = Assert.Single(root.GetProperty("policy").EnumerateArray());
        Assert.Equal(("CG0006", 2), (policy.GetProperty("code").GetString(), policy.GetProperty("line").GetInt32()));
        Assert.Empty(root.GetProperty("policyFixed").EnumerateArray());
        Assert.Contains("CG1010", Codes(root.GetProperty("other")));
        Assert.DoesNotContain("CG1010", root.GetProperty("otherUnderNewPolicy").EnumerateArray().Select(c => c.GetString()));
        Assert.NotEmpty(root.GetProperty("otherUnderNewPolicy").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("shutdown").ValueKind);
        Assert.Equal(-32600, root.GetProperty("afterShutdown").GetInt32());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
    }

    /// <summary>(id, line, column) of lint's findings in one file, 1-based as lint prints them.</summary>
    private static List<(string Id, int Line, int Column)> Lint(string path, string fileName)
    {
        var result = CliRunner.RunInProcess("lint", path, "--fail-on", "none");
        Assert.True(result.ExitCode == 0, result.Error);
        return [.. TextOutput.Findings(result.Output).Where(f => Path.GetFileName(f.File) == fileName).Select(f => (f.Id, f.Line, f.Column)).Order()];
    }

    private static List<(string Id, int Line, int Column)> Positions(JsonElement diagnostics) =>
        [.. diagnostics.EnumerateArray().Select(d => (d.GetProperty("code").GetString()!, d.GetProperty("line").GetInt32() + 1, d.GetProperty("character").GetInt32() + 1)).Order()];

    private static List<string?> Codes(JsonElement diagnostics) => [.. diagnostics.EnumerateArray().Select(d => d.GetProperty("code").GetString())];

    /// <summary>canary.yaml as <c>lint --fix-only ID</c> (or <c>lint --fix</c>) leaves it, new objects written inline as the editor does.</summary>
    private static string FixedByLint(string? only)
    {
        using var fixture = new LspFixture();
        var file = Path.Combine(fixture.Workspace.Path, "canary.yaml");
        string[] fix = only is null ? ["--fix", "--fix-inline"] : ["--fix-only", only, "--fix-inline"];
        CliRunner.RunInProcess(["lint", file, "--fail-on", "none", .. fix]);
        return File.ReadAllText(file);
    }

    private static JsonDocument RunClient(LspFixture fixture)
    {
        Assert.True(
            Directory.Exists(Path.Combine(ClientFolder, "node_modules", "vscode-languageserver-protocol")),
            $"the LSP client's packages are not installed: run `npm ci` in {ClientFolder} (.ci/run does)");
        var result = ProcessRunner.Run(
            "node",
            [Path.Combine(ClientFolder, "client.js"), fixture.Workspace.Path, fixture.OutsideFile, .. LspFixture.ServerCommand],
            ClientFolder,
            new Dictionary<string, string>
            {
                ["QUICK_FIX_ID"] = LspFixture.QuickFixId,
                ["COMMENT_ID"] = LspFixture.CommentId,
                ["ANNOTATION_ID"] = LspFixture.AnnotationId,
            },
            TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output);
    }
}
