using CanaryGuard.Tests.Shared;
namespace CanaryGuard.Linter.Tests.Reports;

/// <summary>Every format on the multi-file fixture, compared with its golden file; SARIF and reports also schema-validated.</summary>
public sealed class GoldenReportTests
{
    [Theory]
    [InlineData("github", "fixture.github.txt")]
    [InlineData("markdown", "fixture.md")]
    [InlineData("checkstyle", "fixture.checkstyle.xml")]
    [InlineData("junit", "fixture.junit.xml")]
    [InlineData("gitlab", "fixture.gitlab.json")]
    public void Format_MatchesGolden(string format, string golden)
    {
        using var run = new FixtureRun(format);
        Assert.Equal(1, run.Result.ExitCode);
        Golden.AssertMatches(golden, run.Report);
    }

    [SharedDataFact]
    public void Sarif_MatchesGolden_AndIsValidSarif()
    {
        using var run = new FixtureRun("sarif");
        SchemaValidator.AssertValid(SchemaValidator.Sarif, run.ReportPath);
        Golden.AssertMatches("fixture.sarif", run.Report);
    }

    [SharedDataFact]
    public void SarifWithSuppressed_MatchesGolden_AndIsValidSarif()
    {
        using var run = new FixtureRun("sarif", "--sarif-include-suppressed");
        SchemaValidator.AssertValid(SchemaValidator.Sarif, run.ReportPath);
        Golden.AssertMatches("fixture.with-suppressed.sarif", run.Report);
    }

    [SharedDataFact]
    public void PolicyReport_MatchesGolden_AndIsValidAgainstTheCrds()
    {
        using var run = new FixtureRun("policyreport");
        SchemaValidator.AssertValid(SchemaValidator.PolicyReportCrds, run.ReportPath);
        Golden.AssertMatches("fixture.policyreport.yaml", run.Report);
    }

    [SharedDataFact]
    public void OpenReports_MatchesGolden_AndIsValidAgainstTheCrd()
    {
        using var run = new FixtureRun("openreports");

        // shared/schemas has the Report CRD only; ClusterReport is its cluster-scoped twin with the same schema.
        SchemaValidator.AssertValid(SchemaValidator.OpenReportsCrd, run.ReportPath, "ClusterReport=Report");
        Golden.AssertMatches("fixture.openreports.yaml", run.Report);
    }

    [Fact]
    public void Baseline_MatchesGolden()
    {
        using var folder = new TempFolder();
        var baseline = Path.Combine(folder.Path, "baseline.json");
        var result = CliRunner.Run("lint", RepoPaths.Fixture, "--update-baseline", baseline, "--fail-on", "warning", "--lenient-config");

        // CG0001 (a file that does not parse) cannot be baselined; everything else is.
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("CG1013", result.Output, StringComparison.Ordinal);
        Assert.Contains("CG0001", result.Output, StringComparison.Ordinal);
        var text = File.ReadAllText(baseline).Replace(Path.GetRelativePath(folder.Path, RepoPaths.Fixture).Replace('\\', '/'), "FIXTURE", StringComparison.Ordinal);
        Golden.AssertMatches("fixture.baseline.json", text);
    }
}
