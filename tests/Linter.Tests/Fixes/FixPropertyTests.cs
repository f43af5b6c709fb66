using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Fixes;

/// <summary>
/// Over Flagger's own Canaries (../shared/flagger/canaries): after <c>lint --fix</c> on a copy, every file still
/// parses, to the same objects except under the paths of the fixed findings (compared as path -> typed value maps).
/// </summary>
public sealed class FixPropertyTests
{
    public static TheoryData<string> Files { get; } = new(Directory.GetFiles(SharedData.Path("flagger", "canaries")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Fix_ChangesNothingButTheFixedPaths(string name)
    {
        using var folder = new TempFolder();
        var original = File.ReadAllText(SharedData.Path("flagger", "canaries", name));
        var file = folder.Write(name, original);
        var before = YamlManifestReader.Read(file, original);
        var diagnostics = AnalysisEngine.CreateDefault().Analyze([before], new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default }).Reported
            .Where(d => CodeFixCatalog.FixableIds.Contains(d.Id))
            .ToList();

        CliRunner.Run("lint", "--fix", file);

        var text = File.ReadAllText(file);
        if (before.Problems.Count > 0)
        {
            // A file that does not parse (a Helm template) is never touched.
            Assert.Equal(original, text);
            return;
        }

        var after = YamlManifestReader.Read(file, text);
        Assert.Empty(after.Problems);
        Assert.Equal(before.Documents.Count, after.Documents.Count);
        var fixedPrefixes = diagnostics.SelectMany(d => FixedPrefixes(before, d)).ToList();
        bool Kept(string path) => !fixedPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Equal(Flatten(before).Where(e => Kept(e.Key)), Flatten(after).Where(e => Kept(e.Key)));
    }

    [SharedDataFact]
    public void TheCorpus_HasFindingsTheFixesChange()
    {
        using var folder = new TempFolder();
        foreach (var file in Directory.GetFiles(SharedData.Path("flagger", "canaries")))
        {
            File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        }

        var result = CliRunner.Run("lint", "--fix", "--dry-run", folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("+        thresholdRange: {min: 99}", result.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Where a fix may change things: the value itself for the fixes that rewrite a value, otherwise the finding's
    /// parent mapping (a key renamed or added beside it), and for the injection fixes both metadata mappings.
    /// </summary>
    private static IEnumerable<string> FixedPrefixes(ManifestFile file, Diagnostic diagnostic)
    {
        var document = file.Documents.Last(d => d.Span!.Value.StartLine <= diagnostic.Span!.Value.StartLine).Index;
        var parent = diagnostic.Path[..Math.Max(0, diagnostic.Path.LastIndexOfAny(['.', '[']))];
        yield return $"#{document}/{(diagnostic.Id is "CG1010" or "CG1016" or "CG4002" ? diagnostic.Path : parent)}";
        if (diagnostic.Id is "CG3002" or "CG3003")
        {
            yield return $"#{document}/spec.template.metadata";
            yield return $"#{document}/metadata";
        }
    }

    private static Dictionary<string, string> Flatten(ManifestFile file)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in file.Documents)
        {
            Walk(document.Root, document.Index, map);
        }

        return map;
    }

    private static void Walk(ManifestNode? node, int document, Dictionary<string, string> map)
    {
        switch (node)
        {
            case ScalarNode scalar:
                map[$"#{document}/{scalar.Path}"] = $"{scalar.Kind}:{scalar.Value}";
                break;
            case MappingNode mapping:
                map[$"#{document}/{mapping.Path}"] = "{}";
                foreach (var entry in mapping.Entries)
                {
                    Walk(entry.Value, document, map);
                }

                break;
            case SequenceNode sequence:
                map[$"#{document}/{sequence.Path}"] = "[]";
                foreach (var item in sequence.Items)
                {
                    Walk(item, document, map);
                }

                break;
            default:
                break;
        }
    }
}
