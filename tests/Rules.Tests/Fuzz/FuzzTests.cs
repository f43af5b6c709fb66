using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Fuzz;

/// <summary>
/// Mutates the real manifests and admission objects in ../shared and lints every mutant: the engine must never
/// throw, never hang past the per-input limit, and no rule may fail (CG0007). The case count is small in CI and
/// set with CANARYGUARD_FUZZ_CASES for a full run (docs/reliability.md). A failing input is written to
/// tests/Rules.Tests/Fuzz/regressions (set CANARYGUARD_FUZZ_SAVE to the folder) and replayed on every run.
/// </summary>
public sealed class FuzzTests
{
    private const int DefaultCases = 3_000;

    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(10);

    private static readonly AnalysisEngine Engine = AnalysisEngine.CreateDefault();

    public static TheoryData<string> Regressions()
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(AppContext.BaseDirectory, "Fuzz", "regressions");
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void EveryInputThatOnceFailed_IsLintedCleanlyNow(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fuzz", "regressions", name));
        Assert.Null(LintOrFailure(name, text));
    }

    [SharedDataFact]
    public void MutatedManifests_NeverCrashHangOrFailARule()
    {
        var seeds = SeedManifests();
        var cases = CaseCount(DefaultCases);
        var failures = new List<string>();
        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            var mutator = new ManifestMutator(i);
            var (name, text) = seeds[i % seeds.Count];
            var mutant = mutator.Mutate(text);
            if (LintOrFailure($"case{i}-{name}", mutant) is { } failure)
            {
                failures.Add($"case {i} (seed {name}): {failure}");
                Save($"case{i}-{Path.GetFileNameWithoutExtension(name)}.yaml", mutant);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SharedDataFact]
    public void MutatedAdmissionObjects_NeverCrashOrFailARule()
    {
        var objects = SharedData.AdmissionReviews()
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("request").GetProperty("object").GetRawText())
            .ToList();
        var failures = new List<string>();
        var cases = CaseCount(DefaultCases / 3);
        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            var mutant = new ManifestMutator(i).Mutate(objects[i % objects.Count]);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(mutant);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                try
                {
                    var root = JsonManifestReader.Read(document.RootElement);
                    var file = new ManifestFile("admission", [new ManifestDocument(0, root, null)], [], []);
                    var result = Engine.Analyze([file], new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default, Parallel = false });
                    failures.AddRange(result.Diagnostics.Where(d => d.Id == "CG0007").Select(d => $"case {i}: {d.Message}"));
                }
                catch (Exception exception) when (exception is InvalidDataException or UnsafeJsonInputException)
                {
                    // Refused input: the webhook answers code 400 with this message (CG0008 for a limit).
                }
#pragma warning disable CA1031 // Any other exception is exactly what this test hunts for.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    failures.Add($"case {i}: {exception.GetType().Name}: {exception.Message}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The CI default, or CANARYGUARD_FUZZ_CASES for a full run.</summary>
    internal static int CaseCount(int defaultCases) =>
        int.TryParse(Environment.GetEnvironmentVariable("CANARYGUARD_FUZZ_CASES"), CultureInfo.InvariantCulture, out var configured) ? configured : defaultCases;

    /// <summary>The real manifests that mutants are made from (the differential tests of the YAML readers mutate them too).</summary>
    internal static List<(string Name, string Text)> SeedManifests() =>
        [.. new[] { "canaries", "workloads", "metrictemplates" }
            .SelectMany(folder => Directory.EnumerateFiles(SharedData.Path("flagger", folder), "*.yaml"))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))];

    /// <summary>Lints one input; null when it ended in findings or a clean result, else what went wrong.</summary>
    private static string? LintOrFailure(string name, string text)
    {
        var stopwatch = Stopwatch.StartNew();
        var work = Task.Run(() =>
        {
            var file = YamlManifestReader.Read(name, text);
            return Engine.Analyze([file], new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default, Parallel = false });
        });
        try
        {
            if (!work.Wait(PerInputLimit))
            {
                return $"did not finish within {PerInputLimit.TotalSeconds} s";
            }
        }
        catch (AggregateException exception)
        {
            return $"{exception.InnerException!.GetType().Name}: {exception.InnerException.Message}";
        }

        var failed = work.Result.Diagnostics.FirstOrDefault(d => d.Id == "CG0007");
        return failed is null ? null : $"{failed.Message} after {stopwatch.ElapsedMilliseconds} ms";
    }

    private static void Save(string name, string text)
    {
        if (Environment.GetEnvironmentVariable("CANARYGUARD_FUZZ_SAVE") is { Length: > 0 } folder)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }
    }
}
