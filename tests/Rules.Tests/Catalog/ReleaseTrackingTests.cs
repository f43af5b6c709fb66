using CanaryGuard.Rules.Engine;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Rules.Tests.Catalog;

/// <summary>
/// src/Rules/AnalyzerReleases.{Shipped,Unshipped}.md, in Roslyn's release-tracking format, must list exactly the
/// registered descriptors with their category and default severity: ids are a public contract, and these files
/// are its changelog. While nothing is shipped, <c>CANARYGUARD_UPDATE_GOLDEN=1</c> rewrites the unshipped file
/// instead of failing (review the diff).
/// </summary>
public sealed class ReleaseTrackingTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> Descriptors = AnalysisEngine.CreateDefault().Descriptors;

    [Fact]
    public void ReleaseFiles_ListExactlyTheRegisteredDescriptors()
    {
        var shipped = File.ReadAllLines(RepositoryRoot.Combine("src", "Rules", "AnalyzerReleases.Shipped.md"));
        var unshippedPath = RepositoryRoot.Combine("src", "Rules", "AnalyzerReleases.Unshipped.md");
        var expected = Descriptors.Select(ReleaseTracking.Entry).ToList();
        if (Environment.GetEnvironmentVariable("CANARYGUARD_UPDATE_GOLDEN") == "1" && ReleaseTracking.Read(shipped, []).Count == 0)
        {
            File.WriteAllText(unshippedPath, ReleaseTracking.UnshippedFile(Descriptors));
        }

        var tracked = ReleaseTracking.Read(shipped, File.ReadAllLines(unshippedPath));

        var missing = expected.Except(tracked).ToList();
        var extra = tracked.Except(expected).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"the release tracking files do not match the registered rules.\nnot tracked (or tracked differently): {string.Join(", ", missing)}\n"
            + $"tracked but not registered (or registered differently): {string.Join(", ", extra)}\n"
            + "while nothing is shipped, CANARYGUARD_UPDATE_GOLDEN=1 rewrites src/Rules/AnalyzerReleases.Unshipped.md");
    }

    [Fact]
    public void Parser_AppliesShippedReleasesInOrder_ThenUnshipped()
    {
        string[] shipped =
        [
            "## Release 0.1", "", "### New Rules", "", "Rule ID | Category | Severity | Notes", "--------|----------|----------|-------",
            "CG1005 | Analysis | Warning | a", "CG1099 | Analysis | Error | b",
            "## Release 0.2", "", "### Removed Rules", "", "Rule ID | Category | Severity | Notes", "--------|----------|----------|-------",
            "CG1099 | Analysis | Error | b",
        ];
        string[] unshipped =
        [
            "### Changed Rules", "", "Rule ID | New Category | New Severity | Old Category | Old Severity | Notes",
            "--------|--------------|--------------|--------------|--------------|-------", "CG1005 | Analysis | Error | Analysis | Warning | c",
            "### New Rules", "", "Rule ID | Category | Severity | Notes", "--------|----------|----------|-------", "CG1013 | Analysis | Error | d",
        ];

        var tracked = ReleaseTracking.Read(shipped, unshipped);

        Assert.Equal([new TrackedRule("CG1005", "Analysis", "Error"), new TrackedRule("CG1013", "Analysis", "Error")], tracked.OrderBy(r => r.Id, StringComparer.Ordinal));
    }
}

/// <summary>One rule as the release files describe it.</summary>
public sealed record TrackedRule(string Id, string Category, string Severity)
{
    public override string ToString() => $"{Id} ({Category}, {Severity})";
}

/// <summary>Reads Roslyn's release-tracking tables: New Rules add, Removed Rules remove, Changed Rules update.</summary>
public static class ReleaseTracking
{
    private const string Header =
        "; Unshipped analyzer release\n; https://github.com/dotnet/roslyn-analyzers/blob/main/src/Microsoft.CodeAnalysis.Analyzers/ReleaseTrackingAnalyzers.Help.md\n";

    public static TrackedRule Entry(DiagnosticDescriptor descriptor) => new(descriptor.Id, descriptor.Category, Severity(descriptor));

    /// <summary>Roslyn's severity names; a rule off by default is "Disabled".</summary>
    public static string Severity(DiagnosticDescriptor descriptor) =>
        !descriptor.IsEnabledByDefault || descriptor.DefaultSeverity == DiagnosticSeverity.None
            ? "Disabled"
            : descriptor.DefaultSeverity.ToString();

    public static string UnshippedFile(IEnumerable<DiagnosticDescriptor> descriptors) =>
        Header + "\n### New Rules\n\nRule ID | Category | Severity | Notes\n--------|----------|----------|-------\n"
        + string.Concat(descriptors.Select(d => $"{d.Id} | {d.Category} | {Severity(d)} | {d.Title}\n"));

    public static IReadOnlyList<TrackedRule> Read(IEnumerable<string> shipped, IEnumerable<string> unshipped)
    {
        var rules = new Dictionary<string, TrackedRule>(StringComparer.Ordinal);
        string? section = null;
        foreach (var line in shipped.Concat(unshipped).Select(l => l.Trim()))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                section = line[4..];
                continue;
            }

            if (line.StartsWith('#') || line.StartsWith(';') || !line.Contains('|', StringComparison.Ordinal)
                || line.StartsWith("Rule ID", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            switch (section)
            {
                case "New Rules":
                    Assert.False(rules.ContainsKey(cells[0]), $"{cells[0]} is listed as new twice");
                    rules[cells[0]] = new TrackedRule(cells[0], cells[1], cells[2]);
                    break;
                case "Removed Rules":
                    Assert.True(rules.Remove(cells[0]), $"{cells[0]} is removed but was never added");
                    break;
                case "Changed Rules":
                    Assert.True(rules.ContainsKey(cells[0]), $"{cells[0]} is changed but was never added");
                    rules[cells[0]] = new TrackedRule(cells[0], cells[1], cells[2]);
                    break;
                default:
                    Assert.Fail($"table row outside a New/Removed/Changed Rules section: {line}");
                    break;
            }
        }

        return [.. rules.Values];
    }
}
