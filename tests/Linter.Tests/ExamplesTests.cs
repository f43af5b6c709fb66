using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

/// <summary>
/// The README's examples: examples/safe passes every rule; each examples/unsafe file reports exactly the ids its
/// <c># expect: CG1005, CG1006</c> header line names, linted with the workloads it points at (examples/unsafe/workloads).
/// </summary>
public sealed class ExamplesTests
{
    private const string ExpectPrefix = "# expect:";

    public static TheoryData<string> UnsafeExamples() =>
        [.. Directory.EnumerateFiles(RepositoryRoot.Combine("examples", "unsafe"), "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Fact]
    public void SafeExample_HasNoFindings_AndExitsZero()
    {
        var result = CliRunner.Run("lint", RepositoryRoot.Combine("examples", "safe"), "--fail-on", "info");

        Assert.True(result.ExitCode == 0 && TextOutput.Findings(result.Output).Count == 0, $"exit code {result.ExitCode}:\n{result.Output}{result.Error}");
        Assert.Contains("0 errors, 0 warnings, 0 info in 3 files (3 resources)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ThereAreAtLeastFiveUnsafeExamples() => Assert.True(UnsafeExamples().Count >= 5);

    [Theory]
    [MemberData(nameof(UnsafeExamples))]
    public void UnsafeExample_ReportsExactlyTheIdsInItsHeader(string fileName)
    {
        var path = RepositoryRoot.Combine("examples", "unsafe", fileName);
        var expectLine = File.ReadLines(path).TakeWhile(l => l.StartsWith('#')).SingleOrDefault(l => l.StartsWith(ExpectPrefix, StringComparison.Ordinal));
        Assert.True(expectLine is not null, $"{fileName} has no '{ExpectPrefix} CGxxxx, ...' line in its header comment");
        var expected = expectLine[ExpectPrefix.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

        var result = CliRunner.Run("lint", path, RepositoryRoot.Combine("examples", "unsafe", "workloads"));

        var actual = TextOutput.Findings(result.Output).Select(f => f.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(actual), $"{fileName}: expected {string.Join(", ", expected)}; reported {string.Join(", ", actual)}:\n{result.Output}");
        Assert.NotEqual(2, result.ExitCode);
    }
}
