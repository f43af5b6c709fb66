using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Fixes;

/// <summary>Lints texts held in memory and applies their code fixes, as <c>lint --fix</c> does with files.</summary>
internal static class FixHarness
{
    public const string FileName = "test.yaml";

    /// <summary>Lints the files and fixes their findings (only those of <see cref="FixOptions.Only"/> when set).</summary>
    /// <param name="readOthers">Files that exist beside the linted ones without being linted.</param>
    public static FixResult Run(IReadOnlyDictionary<string, string> files, FixOptions? options = null, CanaryGuardPolicy? policy = null, IReadOnlyDictionary<string, string>? readOthers = null)
    {
        var parsed = files.Select(f => YamlManifestReader.Read(f.Key, f.Value)).ToList();
        var result = AnalysisEngine.CreateDefault().Analyze(parsed, new AnalysisOptions { PolicyFor = _ => policy ?? CanaryGuardPolicy.Default });
        return CodeFixer.CreateDefault().Fix(
            result.Reported,
            path => files.GetValueOrDefault(path) ?? readOthers?.GetValueOrDefault(path),
            _ => policy ?? CanaryGuardPolicy.Default,
            options ?? new FixOptions());
    }

    /// <summary>The text of test.yaml after fixing the findings of <paramref name="ids"/> once.</summary>
    public static string Fix(string text, params string[] ids) => Fix(text, new FixOptions { Only = ids.ToHashSet() });

    public static string Fix(string text, FixOptions options)
    {
        var result = Run(new Dictionary<string, string> { [FileName] = text }, options);
        return result.Files.SingleOrDefault(f => f.Path == FileName)?.Fixed ?? text;
    }
}
