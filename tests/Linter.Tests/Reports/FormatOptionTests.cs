using CanaryGuard.Tests.Shared;
namespace CanaryGuard.Linter.Tests.Reports;

public sealed class FormatOptionTests
{
    private const string UnsafeCanary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          analysis: {interval: 1m, maxWeight: 50, stepWeight: 10}
        """;

    [Fact]
    public void SeveralFormats_GoToTheirFiles_AndOneToStandardOutput()
    {
        using var folder = new TempFolder();
        var sarif = Path.Combine(folder.Path, "out.sarif");
        var junit = Path.Combine(folder.Path, "junit.xml");
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-", "--format", $"sarif={sarif}", "--format", "text", "--format", $"junit={junit}");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("-(7,3): error CG1013:", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"ruleId\": \"CG1013\"", File.ReadAllText(sarif), StringComparison.Ordinal);
        Assert.Contains("<failure type=\"CG1013\"", File.ReadAllText(junit), StringComparison.Ordinal);
    }

    [Fact]
    public void SingleFormat_WithOutput_StillWritesTheFile()
    {
        using var folder = new TempFolder();
        var json = Path.Combine(folder.Path, "out.json");
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-", "--format", "json", "--output", json);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("\"id\": \"CG1013\"", File.ReadAllText(json), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoFormats_ToStandardOutput_IsAUsageError()
    {
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-", "--format", "text", "--format", "github");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("only one --format can write to standard output", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yaml", "unknown format 'yaml'")]
    [InlineData("sarif=", "the file after '=' is missing")]
    public void BadFormat_IsAUsageError(string format, string message)
    {
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-", "--format", format);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void CleanRun_PolicyReport_IsOneEmptyClusterReport()
    {
        using var folder = new TempFolder();
        var input = folder.Write("deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n");
        var report = Path.Combine(folder.Path, "report.yaml");
        var result = CliRunner.Run("lint", input, "--format", $"policyreport={report}");
        Assert.Equal(0, result.ExitCode);
        var text = File.ReadAllText(report);
        Assert.Contains("kind: \"ClusterPolicyReport\"", text, StringComparison.Ordinal);
        Assert.Contains("results: []", text, StringComparison.Ordinal);
        SchemaValidator.AssertValid(SchemaValidator.PolicyReportCrds, report);
    }

    [Fact]
    public void ReportFile_InAMissingFolder_IsAUsageError()
    {
        using var folder = new TempFolder();
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-", "--format", $"sarif={Path.Combine(folder.Path, "no", "such", "out.sarif")}");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot write the sarif report to", result.Error, StringComparison.Ordinal);
    }
}
