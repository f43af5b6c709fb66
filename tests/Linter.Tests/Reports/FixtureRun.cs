namespace CanaryGuard.Linter.Tests.Reports;

/// <summary>
/// Lints the multi-file fixture (tests/Linter.Tests/Reports/fixture: an unsafe Canary in shop, a safe one with a
/// suppression in pay, a Canary with no namespace, a file that does not parse, a policy raising CG1005 to error
/// and holding an unknown setting, which --lenient-config turns into a CG0006 warning the reports show) with paths
/// relative to the fixture, writing one format to a file.
/// </summary>
public sealed class FixtureRun : IDisposable
{
    private readonly TempFolder output = new();

    public FixtureRun(string format, params string[] options)
    {
        ReportPath = Path.Combine(output.Path, $"report.{format}");
        Result = CliRunner.Run(["lint", RepoPaths.Fixture, "--source-root", RepoPaths.Fixture, "--format", $"{format}={ReportPath}", "--lenient-config", .. options]);
        Assert.True(File.Exists(ReportPath), $"no {format} report written:\n{Result.Output}\n{Result.Error}");
    }

    public CliResult Result { get; }

    public string ReportPath { get; }

    public string Report => File.ReadAllText(ReportPath);

    public void Dispose() => output.Dispose();
}
