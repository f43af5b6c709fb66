namespace CanaryGuard.Linter.Tests.Reports;

public sealed class BaselineTests
{
    /// <summary>Only CG1005 reports, so each test sees exactly the findings it makes.</summary>
    private static readonly string OnlyCG1005 = Manifests.PolicyWithOnly(("CG1005", "warning"));

    private static string Canary(string name, int stepWeight) => $$"""
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: {{name}}, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: {{name}}}
          service: {port: 80}
          analysis:
            interval: 1m
            maxWeight: 50
            stepWeight: {{stepWeight}}
            metrics:
              - name: request-success-rate
                thresholdRange: {min: 99}
                interval: 1m
        """;

    [Fact]
    public void UpdateBaseline_RecordsFindings_AndHidesThem()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        folder.Write("apps/web.yaml", Canary("web", 60));
        var baseline = Path.Combine(folder.Path, ".canaryguard-baseline.json");

        var update = CliRunner.Run("lint", folder.Path, "--update-baseline", baseline, "--fail-on", "warning");
        Assert.Equal(0, update.ExitCode);
        Assert.Contains("\"ruleId\": \"CG1005\"", File.ReadAllText(baseline), StringComparison.Ordinal);
        Assert.Contains("\"file\": \"apps/web.yaml\"", File.ReadAllText(baseline), StringComparison.Ordinal);

        var lint = CliRunner.Run("lint", folder.Path, "--baseline", baseline, "--fail-on", "warning");
        Assert.Equal(0, lint.ExitCode);
        Assert.DoesNotContain("CG1005", lint.Output, StringComparison.Ordinal);
        var recorded = File.ReadAllText(baseline).Split("\"ruleId\"").Length - 1;
        Assert.Contains($"{recorded} suppressed", lint.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void NewFinding_IsNotHidden_AndALineAddedAboveKeepsTheOldOneHidden()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        var web = folder.Write("apps/web.yaml", Canary("web", 60));
        var baseline = Path.Combine(folder.Path, "baseline.json");
        CliRunner.Run("lint", folder.Path, "--update-baseline", baseline);

        File.WriteAllText(web, "# a comment that moves every line down\n" + Canary("web", 60));
        folder.Write("apps/api.yaml", Canary("api", 70));
        var lint = CliRunner.Run("lint", folder.Path, "--baseline", baseline, "--fail-on", "warning");
        Assert.Equal(1, lint.ExitCode);
        Assert.Contains("stepWeight (70)", lint.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("stepWeight (60)", lint.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedMessage_CountsAsNew()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        var web = folder.Write("apps/web.yaml", Canary("web", 60));
        var baseline = Path.Combine(folder.Path, "baseline.json");
        CliRunner.Run("lint", folder.Path, "--update-baseline", baseline);

        File.WriteAllText(web, Canary("web", 80));
        var lint = CliRunner.Run("lint", folder.Path, "--baseline", baseline, "--fail-on", "warning");
        Assert.Contains("stepWeight (80)", lint.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedFindings_DropOutOnTheNextUpdate_AndTheFileIsSorted()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        var web = folder.Write("apps/web.yaml", Canary("web", 60));
        folder.Write("apps/api.yaml", Canary("api", 70));
        var baseline = Path.Combine(folder.Path, "baseline.json");
        CliRunner.Run("lint", folder.Path, "--update-baseline", baseline);
        var before = File.ReadAllText(baseline);
        Assert.True(before.IndexOf("apps/api.yaml", StringComparison.Ordinal) < before.IndexOf("apps/web.yaml", StringComparison.Ordinal), before);

        File.WriteAllText(web, Canary("web", 10));
        CliRunner.Run("lint", folder.Path, "--update-baseline", baseline);
        var after = File.ReadAllText(baseline);
        Assert.DoesNotContain("apps/web.yaml", after, StringComparison.Ordinal);
        Assert.Contains("apps/api.yaml", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_KeepsTheFileMode_AndLeavesNoTemporaryFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        folder.Write("apps/web.yaml", Canary("web", 60));
        var baseline = folder.Write("baseline.json", "{}");
        File.SetUnixFileMode(baseline, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        CliRunner.Run("lint", Path.Combine(folder.Path, "apps"), "--update-baseline", baseline);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(baseline));
        Assert.Equal([".canaryguard.yaml", "baseline.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PolicyBaseline_IsRelativeToThePolicyFile()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        folder.Write("apps/web.yaml", Canary("web", 60));
        folder.Write(".canaryguard.yaml", OnlyCG1005 + "baseline: config/baseline.json\n");
        Directory.CreateDirectory(Path.Combine(folder.Path, "config"));
        CliRunner.Run("lint", folder.Path, "--update-baseline", Path.Combine(folder.Path, "config", "baseline.json"));

        var lint = CliRunner.Run("lint", folder.Path, "--fail-on", "warning");
        Assert.Equal(0, lint.ExitCode);
        Assert.Contains("1 suppressed", lint.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingBaseline_IsAUsageError()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        folder.Write("apps/web.yaml", Canary("web", 60));
        var result = CliRunner.Run("lint", folder.Path, "--baseline", Path.Combine(folder.Path, "nope.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file; create it with --update-baseline", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnwritableBaseline_IsAUsageError()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        folder.Write("apps/web.yaml", Canary("web", 60));
        var result = CliRunner.Run("lint", folder.Path, "--update-baseline", Path.Combine(folder.Path, "missing", "baseline.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("baseline.json", result.Error, StringComparison.Ordinal);
    }
    /// <summary>
    /// A write that fails half-way leaves the original untouched. Root ignores file modes, so the failure is one
    /// the kernel enforces for everyone: the temporary name (".NAME.GUID.tmp") is over 255 bytes, which a
    /// 235-character baseline name just allows itself.
    /// </summary>
    [Fact]
    public void AFailedUpdate_LeavesWhatWasThereIntact_AndNoTemporaryFile()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        folder.Write("apps/web.yaml", Canary("web", 60));

        // A folder where the baseline should go: the new file is written, then cannot replace it.
        var baseline = Path.Combine(folder.Path, "baseline.json");
        folder.Write("baseline.json/kept.txt", "kept\n");

        var result = CliRunner.Run("lint", Path.Combine(folder.Path, "apps"), "--update-baseline", baseline);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("baseline.json", result.Error, StringComparison.Ordinal);
        Assert.Equal("kept\n", File.ReadAllText(Path.Combine(baseline, "kept.txt")));
        Assert.Equal([".canaryguard.yaml"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ABaselineNamedAtTheSystemsLimitIsUpdated()
    {
        using var folder = new TempFolder();
        folder.Write(".canaryguard.yaml", OnlyCG1005);
        folder.Write("apps/web.yaml", Canary("web", 60));
        var baseline = folder.Write(new string('b', 250) + ".json", "{\"version\": 1, \"tool\": \"canaryguard\", \"findings\": []}\n");

        var result = CliRunner.Run("lint", Path.Combine(folder.Path, "apps"), "--update-baseline", baseline, "--fail-on", "warning");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"ruleId\": \"CG1005\"", File.ReadAllText(baseline), StringComparison.Ordinal);
        Assert.Equal([".canaryguard.yaml", Path.GetFileName(baseline)], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
