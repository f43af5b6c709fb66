namespace CanaryGuard.Linter.Tests;

/// <summary>
/// Input the linter cannot lint must never pass as "no findings": each case is one clear line on stderr naming
/// the input, and exit code 2 (docs/reliability.md).
/// </summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" \n\n\t\n")]
    public void EmptyStdin_ExitsTwo(string stdin)
    {
        var result = CliRunner.RunWithInput(stdin, "lint", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("canaryguard: -: stdin is empty, nothing to lint (did the command before the pipe fail?)", result.Error.Trim());
    }

    [Fact]
    public void StdinWithOnlyACommentedOutManifest_IsStillLinted()
    {
        var result = CliRunner.RunWithInput("# kind: Canary\n", "lint", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public void BinaryFile_ExitsTwo_AndTheOtherFilesAreStillLinted()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());
        var binary = Path.Combine(folder.Path, "image.yaml");
        File.WriteAllBytes(binary, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]);

        var result = CliRunner.Run("lint", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"canaryguard: {binary}: binary file (NUL character at offset 8), not linted", result.Error.Trim());
        Assert.Equal(["canary.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void BinaryStdin_ExitsTwo()
    {
        var result = CliRunner.RunWithInput("kind: Canary\n\0\0\0", "lint", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("canaryguard: -: binary file (NUL character at offset 13), not linted", result.Error.Trim());
    }

    [Fact]
    public void TextThatIsNotValidUtf8_IsStillLinted()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "latin1.yaml");
        var comment = "# caf\u00e9 in Latin-1: "u8.ToArray().Concat(new byte[] { 0xE9, (byte)'\n' });
        File.WriteAllBytes(file, [.. comment, .. System.Text.Encoding.UTF8.GetBytes(Manifests.ChecksNothing())]);

        var result = CliRunner.Run("lint", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["latin1.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
    }

    /// <summary>
    /// chmod 000 does not stop root, so the unreadable file is one the kernel refuses to read for anyone:
    /// /proc/self/mem at offset 0 (address 0 is never mapped) fails with EIO.
    /// </summary>
    [Fact]
    public void FileThatCannotBeRead_ExitsTwoAndNamesIt()
    {
        using var folder = new TempFolder();
        var canary = folder.Write("canary.yaml", Manifests.ChecksNothing());

        var result = CliRunner.Run("lint", "/proc/self/mem", canary);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("canaryguard: /proc/self/mem: cannot be read: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(["canary.yaml: error"], TextOutput.Of(result.Output, "CG1013"));
    }

    [Fact]
    public void BrokenSymlink_ExitsTwoAndNamesIt()
    {
        using var folder = new TempFolder();
        var link = Path.Combine(folder.Path, "gone.yaml");
        File.CreateSymbolicLink(link, Path.Combine(folder.Path, "deleted-target.yaml"));

        var result = CliRunner.Run("lint", link);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"canaryguard: {link}: cannot be read: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyFolder_ExitsTwo()
    {
        using var folder = new TempFolder();

        var result = CliRunner.Run("lint", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"canaryguard: {folder.Path}: no *.yaml, *.yml or *.json manifests in this folder (or all of them are ignored)", result.Error.Trim());
    }
}
