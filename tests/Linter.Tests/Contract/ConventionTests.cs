namespace CanaryGuard.Linter.Tests.Contract;

/// <summary>Issue 20, trap 7: colour switches, ignore files, one path form, the GNU location form.</summary>
public sealed class ConventionTests
{
    private const string Escape = "\u001b[";

    [Fact]
    public void NoColor_TakesTheColourOutOfATerminalsOutput()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());

        Assert.Contains(Escape, CliRunner.RunOnTerminal("lint", canary).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, CliRunner.RunOnTerminal("lint", "--no-color", canary).Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, CliRunner.RunOnTerminal("--no-color", "lint", canary).Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, null, "xterm-256color", true)]
    [InlineData(true, null, "xterm-256color", false)]
    [InlineData(false, "1", "xterm-256color", false)]
    [InlineData(false, "", "xterm-256color", true)]
    [InlineData(false, null, "dumb", false)]
    [InlineData(false, null, null, true)]
    public void Colour_IsForATerminal_WithoutNoColorOrTermDumb(bool redirected, string? noColor, string? term, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = term };

        Assert.Equal(expected, CliIo.WantsColour(redirected, name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void AFolderWalk_HonoursGitignoreAndCanaryguardignore_AsGitDoes()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, ".git"));
        folder.Write(".gitignore", "# build output\nbin/\nobj/\n*.generated.yaml\n!keep.generated.yaml\n/rendered\nk8s/**/scratch-*.yaml\n");
        folder.Write("k8s/.canaryguardignore", "legacy/\n");
        foreach (var file in new[]
        {
            "bin/Release/web.yaml", "src/app/obj/web.yaml", "k8s/web.generated.yaml", "k8s/keep.generated.yaml",
            "rendered/web.yaml", "k8s/rendered/web.yaml", "k8s/a/b/scratch-1.yaml", "k8s/legacy/web.yaml", "k8s/web.yaml",
            "bin.yaml",
        })
        {
            folder.Write(file, Manifests.ChecksNothing(Path.GetFileNameWithoutExtension(file).Replace('.', '-')));
        }

        // Walked from a folder below the .gitignore: the patterns above the walk apply too.
        var fromK8s = Linted(CliRunner.Run("lint", Path.Combine(folder.Path, "k8s")), folder.Path);
        var fromTop = Linted(CliRunner.Run("lint", folder.Path), folder.Path);

        Assert.Equal(["k8s/keep.generated.yaml", "k8s/rendered/web.yaml", "k8s/web.yaml"], fromK8s);
        Assert.Equal(["bin.yaml", "k8s/keep.generated.yaml", "k8s/rendered/web.yaml", "k8s/web.yaml"], fromTop);
    }

    [Fact]
    public void AFileNamedOnTheCommandLine_IsLintedThoughIgnored()
    {
        using var folder = new TempFolder();
        folder.Write(".gitignore", "*.yaml\n");
        var canary = folder.Write("web.yaml", Manifests.ChecksNothing());

        Assert.Equal(["web.yaml: error"], TextOutput.Of(CliRunner.Run("lint", canary).Output, "CG1013"));
        Assert.Equal(2, CliRunner.Run("lint", folder.Path).ExitCode);
    }

    [Fact]
    public void PolicyAndManifestFindings_HaveTheSamePathForm_InsideTheCurrentFolder()
    {
        using var folder = new TempFolder();
        folder.Write("k8s/.canaryguard.yaml", "rules: {CG1013: eror}\n");
        folder.Write("k8s/web.yaml", Manifests.ChecksNothing());

        var result = BuiltTool.Run(["lint", "./k8s", "--lenient-config"], folder.Path);

        Assert.Equal(["k8s/.canaryguard.yaml", "k8s/web.yaml"], TextOutput.Findings(result.Output).Select(f => f.File).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PolicyAndManifestFindings_HaveTheSamePathForm_OutsideTheCurrentFolder()
    {
        using var folder = new TempFolder();
        var policy = folder.Write("k8s/.canaryguard.yaml", "rules: {CG1013: eror}\n");
        var canary = folder.Write("k8s/web.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", Path.Combine(folder.Path, "k8s"), "--lenient-config");

        Assert.Equal([policy, canary], TextOutput.Findings(result.Output).Select(f => f.File).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TextGnu_PrintsFileColonLineColonColumn()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", canary, "--format", "text-gnu");
        var msbuild = CliRunner.Run("lint", canary);

        var finding = Assert.Single(TextOutput.Findings(msbuild.Output), f => f.Id == "CG1013");
        Assert.Contains($"{canary}:{finding.Line}:{finding.Column}: error CG1013: {finding.Message}", result.Output.Split('\n'));
    }

    /// <summary>The files a lint reported on, relative to the folder, sorted.</summary>
    private static string[] Linted(CliResult result, string folder) =>
        [.. TextOutput.Findings(result.Output).Select(f => Path.GetRelativePath(folder, f.File).Replace('\\', '/')).Distinct().Order(StringComparer.Ordinal)];
}
