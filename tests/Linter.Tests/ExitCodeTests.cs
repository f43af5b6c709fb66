namespace CanaryGuard.Linter.Tests;

public sealed class ExitCodeTests
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
    public void ErrorFinding_ExitsOne()
    {
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("-(7,3): error CG1013:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void FailOnNone_ExitsZeroWithTheSameFindings()
    {
        var result = CliRunner.RunWithInput(UnsafeCanary, "lint", "-", "--fail-on", "none");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("CG1013", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingPath_ExitsTwoAndNamesIt()
    {
        var result = CliRunner.Run("lint", "does-not-exist.yaml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does-not-exist.yaml: no such file or folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownOption_ExitsTwo() => Assert.Equal(2, CliRunner.Run("lint", "--no-such-option").ExitCode);

    [Fact]
    public void BareWarnAsError_TakesNoValue_AndPromotesWarnings()
    {
        using var folder = new TempFolder();
        folder.Write("c.yaml", UnsafeCanary.Replace("stepWeight: 10", "stepWeight: 60", StringComparison.Ordinal));
        var result = CliRunner.Run("lint", "--warnaserror", folder.Path);
        Assert.Contains("error CG1005:", result.Output, StringComparison.Ordinal);
    }
}
