using CanaryGuard.Linter.Inputs;

namespace CanaryGuard.Linter.Tests;

/// <summary>
/// Folders are listed while other threads read and parse what was found; what comes out must not depend on which
/// thread finished first.
/// </summary>
public sealed class InputCollectorTests
{
    private static CollectedInputs Collect(params string[] paths) =>
        InputCollector.Collect(paths, new PolicyResolver(null, new HashSet<string>()), () => TextReader.Null);

    [Fact]
    public void Files_ComeInCommandLineOrder_EachFoldersFilesInPathOrder()
    {
        using var folder = new TempFolder();
        var expected = new List<string>();
        foreach (var team in new[] { "b", "a" })
        {
            for (var i = 0; i < 150; i++)
            {
                folder.Write($"{team}/app-{i:D3}/canary.yaml", $"kind: Canary\nmetadata:\n  name: c{i}\n");
            }
        }

        var single = folder.Write("single.yaml", "kind: Canary\n");
        expected.AddRange(Enumerable.Range(0, 150).Select(i => Path.Combine(folder.Path, "b", $"app-{i:D3}", "canary.yaml")));
        expected.Add(single);
        expected.AddRange(Enumerable.Range(0, 150).Select(i => Path.Combine(folder.Path, "a", $"app-{i:D3}", "canary.yaml")));

        var inputs = Collect(Path.Combine(folder.Path, "b"), single, Path.Combine(folder.Path, "a"));

        Assert.Equal(expected, inputs.Files.Select(f => f.Path));
        Assert.Empty(inputs.Errors);
    }

    [Fact]
    public void Errors_ComeInCommandLineOrder_BeforeTheFilesThatCouldNotBeRead()
    {
        using var folder = new TempFolder();
        var empty = Path.Combine(folder.Path, "empty");
        Directory.CreateDirectory(empty);
        var binary = Path.Combine(folder.Path, "binary.yaml");
        File.WriteAllBytes(binary, [0x6B, 0x00, 0x3A]);
        var missing = Path.Combine(folder.Path, "missing.yaml");

        var inputs = Collect(binary, missing, empty, "also-missing");

        Assert.Equal(
            [
                $"{missing}: no such file or folder",
                $"{empty}: no *.yaml, *.yml or *.json manifests in this folder (or all of them are ignored)",
                "also-missing: no such file or folder",
                $"{binary}: binary file (NUL character at offset 1), not linted",
            ],
            inputs.Errors);
        Assert.Empty(inputs.Files);
    }
}
