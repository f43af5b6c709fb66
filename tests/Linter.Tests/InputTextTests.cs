using System.Text;
using CanaryGuard.Linter.Inputs;

namespace CanaryGuard.Linter.Tests;

/// <summary>The linter's own file read must give exactly what File.ReadAllText gives, for every encoding users save in.</summary>
public sealed class InputTextTests
{
    public static TheoryData<string, byte[]> Encodings() => new()
    {
        { "UTF-8", Encoding.UTF8.GetBytes("kind: Canary # é 日本 😀\n") },
        { "UTF-8 with a byte-order mark", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("kind: Canary\n")] },
        { "UTF-16 LE with a byte-order mark", [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes("kind: Canary é\n")] },
        { "UTF-16 BE with a byte-order mark", [.. Encoding.BigEndianUnicode.Preamble, .. Encoding.BigEndianUnicode.GetBytes("kind: Canary é\n")] },
        { "UTF-32 LE with a byte-order mark", [.. Encoding.UTF32.Preamble, .. Encoding.UTF32.GetBytes("kind: Canary é\n")] },
        { "invalid UTF-8", [.. "kind: "u8, 0xC3, 0x28, 0xFF, .. "\n"u8] },
        { "empty", [] },
        { "larger than a reader's buffer", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("key: valüe\n", 20_000))) },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void ReadsWhatReadAllTextReads(string encoding, byte[] bytes)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "m.yaml");
        File.WriteAllBytes(path, bytes);

        Assert.True(File.ReadAllText(path) == InputText.Read(path, "/"), encoding);
    }

    [Fact]
    public void RelativePaths_AreReadFromTheGivenFolder()
    {
        using var folder = new TempFolder();
        folder.Write("apps/web.yaml", "kind: Canary\n");

        Assert.Equal("kind: Canary\n", InputText.Read("apps/web.yaml", folder.Path));
        Assert.Throws<FileNotFoundException>(() => InputText.Read("apps/other.yaml", folder.Path));
    }
}
