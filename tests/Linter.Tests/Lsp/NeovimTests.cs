using System.Text.Json;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>
/// Neovim's built-in LSP client, headless, attached to <c>canaryguard lsp</c> on a real file (lsp-client/neovim.lua):
/// the diagnostics it shows are lint's, and the "fix all" action applied by Neovim leaves the file as
/// <c>lint --fix</c> does. .ci/run installs the Debian package neovim; without it the test fails, saying so.
/// </summary>
public sealed class NeovimTests
{
    [Fact]
    public void Neovim_ShowsLintsFindings_AndItsFixAllEqualsLintFix()
    {
        Assert.True(ProcessRunner.OnPath("nvim"), "nvim is not installed: apt-get install neovim (.ci/run does)");
        using var fixture = new LspFixture();

        // ASCII only: Neovim reports columns in bytes, lint in UTF-16 units; they agree on ASCII (the Node client test
        // covers non-ASCII text).
        var text = LspFixture.Canary.Replace("金丝雀 ", string.Empty, StringComparison.Ordinal).Replace("wéb-🐤", "web-x", StringComparison.Ordinal);
        var file = fixture.Workspace.Write("canary.yaml", text);
        var lint = CliRunner.RunInProcess("lint", fixture.Workspace.Path, "--fail-on", "none");
        var expected = TextOutput.Findings(lint.Output).Where(f => Path.GetFileName(f.File) == "canary.yaml").Select(f => (f.Id, f.Line, f.Column)).Order().ToList();
        Assert.NotEmpty(expected);

        var output = Path.Combine(fixture.Outside.Path, "neovim.json");
        var result = ProcessRunner.Run(
            "nvim",
            ["--headless", "--clean", "-c", $"luafile {RepositoryRoot.Combine("tests", "Linter.Tests", "lsp-client", "neovim.lua")}"],
            fixture.Workspace.Path,
            new Dictionary<string, string>
            {
                ["LSP_COMMAND"] = JsonSerializer.Serialize(LspFixture.ServerCommand),
                ["LSP_FILE"] = file,
                ["LSP_OUT"] = output,
            },
            TimeSpan.FromMinutes(3));
        Assert.True(File.Exists(output), $"Neovim wrote no result:\n{result}");
        using var seen = JsonDocument.Parse(File.ReadAllText(output));
        var root = seen.RootElement;
        Assert.False(root.TryGetProperty("error", out var error), error.ToString());

        var diagnostics = root.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (d.GetProperty("code").GetString()!, d.GetProperty("line").GetInt32(), d.GetProperty("column").GetInt32())).Order().ToList();
        Assert.Equal(expected, diagnostics);

        Assert.Equal("Fix all CanaryGuard findings in this file", root.GetProperty("applied").GetString());
        var fixedByLint = CliRunner.RunInProcess("lint", file, "--fix", "--fail-on", "none");
        Assert.True(fixedByLint.ExitCode == 0, fixedByLint.Error);
        Assert.NotEqual(text, File.ReadAllText(file));
        Assert.Equal(File.ReadAllText(file), root.GetProperty("text").GetString());
    }
}
