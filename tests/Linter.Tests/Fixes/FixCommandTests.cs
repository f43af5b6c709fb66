using System.Text;

namespace CanaryGuard.Linter.Tests.Fixes;

/// <summary><c>lint --fix</c>, <c>--dry-run</c>, <c>--fix-only</c>, <c>--fix-inline</c> on real files.</summary>
public sealed class FixCommandTests : IDisposable
{
    private const string Canary = """
        # the web Canary
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: web
          namespace: shop
        spec:
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: web
          service:
            port: 80
          analysis:
            interval: 5s   # too fast
            threshold: 5
            maxWeight: 50
            stepWeight: 10
            metrics:
              - name: request-success-rate
                thresholdRange: {min: 99}
                interval: 1m
              - name: request-duration
                threshold: 500
                interval: 1m
            webhooks:
              - name: load-test
                url: http://flagger-loadtester.test/
                metadata: {cmd: "hey -z 1m -q 10 -c 2 http://web-canary.shop/"}

        """;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void DryRun_PrintsAUnifiedDiff_AndWritesNothing()
    {
        var file = folder.Write("canary.yaml", Canary);
        var shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), file).Replace('\\', '/');

        var result = CliRunner.Run("lint", "--fix", "--dry-run", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $$"""
            --- a/{{shown}}
            +++ b/{{shown}}
            @@ -12,7 +12,7 @@
               service:
                 port: 80
               analysis:
            -    interval: 5s   # too fast
            +    interval: 10s   # too fast
                 threshold: 5
                 maxWeight: 50
                 stepWeight: 10
            @@ -21,7 +21,7 @@
                     thresholdRange: {min: 99}
                     interval: 1m
                   - name: request-duration
            -        threshold: 500
            +        thresholdRange: {max: 500}
                     interval: 1m
                 webhooks:
                   - name: load-test

            """,
            result.Output);
        Assert.Equal("canaryguard: would fix 2 findings in 1 file (dry run: nothing written)\n", result.Error);
        Assert.Equal(Canary, File.ReadAllText(file));
    }

    [Fact]
    public void Fix_WritesTheFile_ThenReportsWhatRemains_AndASecondRunChangesNothing()
    {
        var file = folder.Write("canary.yaml", Canary);

        var first = CliRunner.Run("lint", "--fix", file);

        var fixedText = File.ReadAllText(file);
        Assert.Equal(Canary.Replace("interval: 5s", "interval: 10s", StringComparison.Ordinal).Replace("threshold: 500", "thresholdRange: {max: 500}", StringComparison.Ordinal), fixedText);
        Assert.Equal("canaryguard: fixed 2 findings in 1 file\n", first.Error);
        Assert.DoesNotContain("CG1010", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CG0005", first.Output, StringComparison.Ordinal);

        var written = File.GetLastWriteTimeUtc(file);
        var second = CliRunner.Run("lint", "--fix", file);
        Assert.Equal("canaryguard: nothing to fix\n", second.Error);
        Assert.Equal(fixedText, File.ReadAllText(file));
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.Equal(first.Output, second.Output);
    }

    [Fact]
    public void FixOnly_AppliesOnlyTheListedRules()
    {
        var file = folder.Write("canary.yaml", Canary);

        var result = CliRunner.Run("lint", "--fix-only", "CG0005", file);

        Assert.Equal(Canary.Replace("threshold: 500", "thresholdRange: {max: 500}", StringComparison.Ordinal), File.ReadAllText(file));
        Assert.Contains("CG1010", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_KeepsTheFileModeAndByteOrderMark()
    {
        var file = folder.Write("canary.yaml", string.Empty);
        File.WriteAllText(file, Canary, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        CliRunner.Run("lint", "--fix", file);

        var bytes = File.ReadAllBytes(file);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "the byte order mark was dropped");
        Assert.Contains("interval: 10s", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(file));
        }

        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Fix_WritesAMissingCanaryBesideTheDeployment()
    {
        var deployment = folder.Write("web.yaml", Manifests.OptedInDeployment());

        var result = CliRunner.Run("lint", "--fix", folder.Path);

        Assert.Equal("canaryguard: fixed 1 finding in 1 file\n", result.Error);
        var canary = File.ReadAllText(Path.Combine(folder.Path, "web.canary.yaml"));
        Assert.StartsWith("apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: web\n  namespace: shop\n", canary, StringComparison.Ordinal);
        Assert.DoesNotContain("CG4001", result.Output, StringComparison.Ordinal);
        Assert.Equal("canaryguard: nothing to fix\n", CliRunner.Run("lint", "--fix", deployment).Error);
    }

    [Fact]
    public void AFixThatCannotBeWritten_IsNamed_FailsTheRun_AndTheOtherFilesAreStillFixed()
    {
        var deployment = folder.Write("api.yaml", Manifests.OptedInDeployment("api"));
        var canary = folder.Write("canary.yaml", Canary);

        // Where api's missing Canary would go stands a folder: that one file cannot be written.
        folder.Write("api.canary.yaml/notes.txt", "kept\n");

        var result = CliRunner.Run("lint", "--fix", deployment, canary);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"canaryguard: cannot write {Path.Combine(folder.Path, "api.canary.yaml")}: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("canaryguard: wrote 1 of 2 files; 1 could not be written (above)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Error, StringComparison.Ordinal);
        Assert.Contains("interval: 10s", File.ReadAllText(canary), StringComparison.Ordinal);
        Assert.Contains("CG4001", result.Output, StringComparison.Ordinal);
        Assert.Equal("kept\n", File.ReadAllText(Path.Combine(folder.Path, "api.canary.yaml", "notes.txt")));
        Assert.Equal(["api.yaml", "canary.yaml"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fix_OfStandardInput_IsAUsageError()
    {
        var result = CliRunner.RunWithInput(Canary, "lint", "--fix", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("canaryguard: --fix cannot fix standard input: there is no file to write the fixes to; lint the file itself\n", result.Error);
    }

    [Theory]
    [InlineData("--fix-only", "CG1005")]
    [InlineData("--dry-run")]
    [InlineData("--fix-inline")]
    public void FixOptions_ThatCannotBeHonoured_AreUsageErrors(params string[] options)
    {
        var file = folder.Write("canary.yaml", Canary);

        var result = CliRunner.Run(["lint", .. options, file]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("canaryguard: --", result.Error, StringComparison.Ordinal);
        Assert.Equal(Canary, File.ReadAllText(file));
    }
}
