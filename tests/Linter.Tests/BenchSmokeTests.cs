using System.Diagnostics;
using System.Text.Json;
using CanaryGuard.Bench.Corpus;

namespace CanaryGuard.Linter.Tests;

/// <summary>
/// A small run of the lint benchmark (bench/run-lint.sh) in CI: a 20-app corpus from the benchmark's generator,
/// linted as the benchmark lints it. Proves the corpus is what the benchmark claims (every resource read, the
/// unsafe apps caught, the safe ones without a finding) so the benchmark numbers measure real work.
/// </summary>
public sealed class BenchSmokeTests
{
    [Theory]
    [InlineData(20, 5)]
    [InlineData(20, 20)]
    public void Lints_a_generated_corpus_and_finds_its_unsafe_apps(int apps, int appsPerNamespace)
    {
        using var folder = new TempFolder();
        var corpus = CorpusGenerator.Write(apps, Path.Combine(folder.Path, "corpus"), seed: 7, appsPerNamespace);
        var clock = Stopwatch.StartNew();

        var result = CliRunner.Run("lint", corpus.Folder, "--format", "json", "--fail-on", "none");

        clock.Stop();
        Assert.Equal(0, result.ExitCode);
        using var report = JsonDocument.Parse(result.Output);
        var summary = report.RootElement.GetProperty("summary");
        Assert.Equal(corpus.Files, summary.GetProperty("files").GetInt32());
        Assert.Equal(corpus.Resources, summary.GetProperty("resources").GetInt32());

        var flagged = report.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => d.GetProperty("resource"))
            .Select(r => $"{r.GetProperty("namespace").GetString()}/{r.GetProperty("name").GetString()}")
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(corpus.UnsafeApps);
        Assert.Equal(
            corpus.UnsafeApps.Keys.Order(StringComparer.Ordinal).Select(app => $"{app} ({corpus.UnsafeApps[app]})"),
            flagged.Order(StringComparer.Ordinal).Select(app => $"{app} ({corpus.UnsafeApps.GetValueOrDefault(app, "safe")})"));
        var namespaces = Directory.GetFiles(corpus.Folder, "*", SearchOption.AllDirectories)
            .Sum(file => File.ReadAllText(file).Split("kind: Namespace\n").Length - 1);
        Assert.Equal((apps + appsPerNamespace - 1) / appsPerNamespace, namespaces);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"linting {apps} apps took {clock.Elapsed}");
    }
}
