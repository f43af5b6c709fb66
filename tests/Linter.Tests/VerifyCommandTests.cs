using System.Text.Json;
using CanaryGuard.Linter.Tests.Reports;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests;

/// <summary>A real Prometheus holding Istio and application series for podinfo and podinfo-primary in namespace test.</summary>
public sealed class VerifyPrometheus : IDisposable
{
    public VerifyPrometheus() => Server = RealPrometheus.Start(Series());

    public RealPrometheus Server { get; }

    public void Dispose() => Server.Dispose();

    /// <summary>
    /// Istio series of podinfo and podinfo-primary in test (<see cref="IstioSeries.For"/>), and for the canary a latency
    /// histogram in seconds and an error counter that never moves.
    /// </summary>
    private static string Series() =>
        IstioSeries.For("test", "podinfo")
            .Growing("http_request_duration_seconds_bucket", "gauge", [("app=\"podinfo\",le=\"0.1\"", 5), ("app=\"podinfo\",le=\"0.5\"", 9), ("app=\"podinfo\",le=\"+Inf\"", 10)])
            .Growing("app_errors", "counter", [("app=\"podinfo\"", 0)])
            .ToString();
}

/// <summary><c>canaryguard verify</c>, run as users run it (the built tool, in its own process), against a real Prometheus.</summary>
public sealed class VerifyCommandTests(VerifyPrometheus prometheus) : IClassFixture<VerifyPrometheus>
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "canaryguard.dll");

    private const string Canary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: podinfo, namespace: test}
        spec:
          provider: istio
          metricsServer: "ADDRESS"
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
          service: {port: 9898}
          analysis:
            interval: 1m
            threshold: 5
            maxWeight: 50
            stepWeight: 10
            metrics:
              - name: request-success-rate
                thresholdRange: {min: 99}
                interval: 1m
              - name: request-duration
                thresholdRange: {max: 500}
                interval: 1m
              - name: app-latency
                templateRef: {name: app-latency, namespace: test}
                thresholdRange: {max: 0.5}
                interval: 1m
              - name: wrong-label
                templateRef: {name: wrong-label, namespace: test}
                thresholdRange: {max: 1}
                interval: 1m
              - name: error-ratio
                thresholdRange: {max: 1}
                query: sum(rate(app_errors_total{app="podinfo"}[1m])) / sum(rate(app_errors_total{app="podinfo"}[1m]))
              - name: datadog-errors
                templateRef: {name: datadog-errors, namespace: test}
                thresholdRange: {max: 1}
        ---
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: app-latency, namespace: test}
        spec:
          provider: {type: prometheus, address: "ADDRESS"}
          query: |
            histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{app="podinfo"}[{{ interval }}])))
        ---
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: wrong-label, namespace: test}
        spec:
          provider: {type: prometheus, address: "ADDRESS"}
          query: |
            sum(rate(istio_requests_total{destination_workload_namespace="{{ namespace }}", destination_app="{{ target }}"}[{{ interval }}]))
        ---
        apiVersion: flagger.app/v1beta1
        kind: MetricTemplate
        metadata: {name: datadog-errors, namespace: test}
        spec:
          provider: {type: datadog, address: https://api.datadoghq.com}
          query: avg:errors{*}

        """;

    /// <summary>Where the primary's failing success rate is reported: the metric's name (a builtin check has no query to point at).</summary>
    private const string PrimaryFails = "metric request-success-rate of test/podinfo already fails on the primary: 66.6667 is below the minimum 99; every release would be rolled back";

    private static ProcessResult Verify(TempFolder folder, params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Tool, "verify", .. arguments, Path.Combine(folder.Path, "canary.yaml")], folder.Path);

    private static TempFolder CanaryFolder(string address)
    {
        var folder = new TempFolder();
        folder.Write("canary.yaml", Canary.Replace("ADDRESS", address, StringComparison.Ordinal));
        return folder;
    }

    /// <summary>The findings of a JSON report by id and the message's metric and workload ("metric NAME of NS/CANARY ... the WORKLOAD").</summary>
    private static List<JsonElement> Findings(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("diagnostics").EnumerateArray().Select(e => e.Clone())];
    }

    private static JsonElement Single(List<JsonElement> findings, string id, string metric, string workload) =>
        Assert.Single(findings, f => f.GetProperty("id").GetString() == id
            && f.GetProperty("message").GetString()!.StartsWith($"metric {metric} of test/podinfo ", StringComparison.Ordinal)
            && f.GetProperty("message").GetString()!.Contains($" the {workload}", StringComparison.Ordinal));

    private static (int Line, int Column, string File) Place(JsonElement finding) =>
        (finding.GetProperty("line").GetInt32(), finding.GetProperty("column").GetInt32(), finding.GetProperty("file").GetString()!);

    [Fact]
    public void EachOutcome_IsAFindingAtTheQueryPrometheusRan()
    {
        using var folder = CanaryFolder(prometheus.Server.Address.AbsoluteUri);

        var result = Verify(folder, "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var findings = Findings(result.Output);
        Assert.Equal(12, findings.Count);
        var primaryFails = Single(findings, "CG5005", "request-success-rate", "primary");
        Assert.Equal(PrimaryFails, primaryFails.GetProperty("message").GetString());
        Assert.Equal(("error", (15, 9, "canary.yaml")), (primaryFails.GetProperty("severity").GetString(), Place(primaryFails)));
        Assert.Equal("info", Single(findings, "CG5009", "request-success-rate", "canary").GetProperty("severity").GetString());
        Single(findings, "CG5009", "request-duration", "primary");
        Single(findings, "CG5009", "app-latency", "canary");

        // No data: at the selector that matched nothing, inside the MetricTemplate's block-scalar query.
        var noData = Single(findings, "CG5001", "wrong-label", "canary");
        Assert.Equal((50, 14, "canary.yaml"), Place(noData));
        Assert.Equal("wrong-label", noData.GetProperty("resource").GetProperty("name").GetString());
        Assert.Equal(
            "metric wrong-label of test/podinfo returns no data for the canary: istio_requests_total{destination_workload_namespace=\"test\", destination_app=\"podinfo\"} matches no series; destination_workload_namespace has test; destination_app has no values; Flagger's check fails (\"no values found for metric\")",
            noData.GetProperty("message").GetString());

        // NaN: at the inline query.
        Assert.Equal((31, 9, "canary.yaml"), Place(Single(findings, "CG5002", "error-ratio", "canary")));

        // Another provider: at the MetricTemplate's provider, for information.
        var datadog = Single(findings, "CG5008", "datadog-errors", "primary");
        Assert.Equal(("info", (56, 3, "canary.yaml")), (datadog.GetProperty("severity").GetString(), Place(datadog)));
        Assert.EndsWith("provider datadog is not verified: only Prometheus is", datadog.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text", "canary.yaml(15,9): error CG5005: " + PrimaryFails + " [test/podinfo]")]
    [InlineData("text-gnu", "canary.yaml:15:9: error CG5005: " + PrimaryFails + " [test/podinfo]")]
    [InlineData("json", "\"message\": \"" + PrimaryFails + "\"")]
    [InlineData("sarif", "\"text\": \"" + PrimaryFails + "\"")]
    [InlineData("github", "::error file=canary.yaml,line=15,endLine=15,col=9,endColumn=13,title=CG5005::" + PrimaryFails + " [test/podinfo]")]
    [InlineData("markdown", ":x: **CG5005** [line 15](canary.yaml#L15): " + PrimaryFails + " (`test/podinfo`)")]
    [InlineData("policyreport", "- policy: \"CG5005\"")]
    [InlineData("openreports", "- policy: \"CG5005\"")]
    [InlineData("checkstyle", "<error line=\"15\" column=\"9\" severity=\"error\" message=\"" + PrimaryFails + " [test/podinfo]\" source=\"canaryguard.CG5005\" />")]
    [InlineData("junit", "<testcase name=\"CG5005 test/podinfo spec.analysis.metrics[0].name(15,9)\" classname=\"canary.yaml\">")]
    [InlineData("gitlab", "\"description\": \"CG5005: " + PrimaryFails + " [test/podinfo]\"")]
    public void EveryLintFormat_ReportsTheOutcomesAsFindings(string format, string expected)
    {
        using var folder = CanaryFolder(prometheus.Server.Address.AbsoluteUri);
        var report = Path.Combine(folder.Path, "report.out");

        var result = Verify(folder, "--format", $"{format}={report}");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(expected, File.ReadAllText(report), StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void SarifAndPolicyReports_AreValidAgainstTheirSchemas()
    {
        using var folder = CanaryFolder(prometheus.Server.Address.AbsoluteUri);
        string Report(string name) => Path.Combine(folder.Path, name);

        var result = Verify(folder, "--format", $"sarif={Report("verify.sarif")}", "--format", $"policyreport={Report("policyreport.yaml")}", "--format", $"openreports={Report("openreports.yaml")}");

        Assert.True(result.ExitCode == 1, result.ToString());
        SchemaValidator.AssertValid(SchemaValidator.Sarif, Report("verify.sarif"));
        SchemaValidator.AssertValid(SchemaValidator.PolicyReportCrds, Report("policyreport.yaml"));
        SchemaValidator.AssertValid(SchemaValidator.OpenReportsCrd, Report("openreports.yaml"), "ClusterReport=Report");
        Assert.Contains("\"ruleId\": \"CG5001\"", File.ReadAllText(Report("verify.sarif")), StringComparison.Ordinal);
    }

    [Fact]
    public void PrometheusOption_OverridesTheTemplatesAddress()
    {
        using var folder = CanaryFolder("http://prometheus.istio-system:9090");

        var result = Verify(folder, "--prometheus", prometheus.Server.Address.AbsoluteUri);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"canary.yaml(15,9): error CG5005: {PrimaryFails} [test/podinfo]", result.Output, StringComparison.Ordinal);
        Assert.Contains("canary.yaml(41,3): info CG5009: metric app-latency of test/podinfo passes for the canary: ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicySeveritiesSuppressionCommentsAndAnnotations_ApplyAsInLint()
    {
        var canary = Canary.Replace("ADDRESS", prometheus.Server.Address.AbsoluteUri, StringComparison.Ordinal)
            .Replace("        query: sum(", "        # canaryguard-disable-next-line CG5002 -- no errors yet\n        query: sum(", StringComparison.Ordinal)
            .Replace("metadata: {name: podinfo, namespace: test}", "metadata: {name: podinfo, namespace: test, annotations: {canaryguard.io/suppress: \"CG5008: Datadog is checked elsewhere\"}}", StringComparison.Ordinal);
        using var folder = new TempFolder();
        folder.Write("canary.yaml", canary);
        folder.Write(".canaryguard.yaml", "rules: { CG5005: warning, CG5009: none }\n");

        var result = Verify(folder, "--format", "json");

        var findings = Findings(result.Output);
        Assert.Equal("warning", Single(findings, "CG5005", "request-success-rate", "primary").GetProperty("severity").GetString());
        Assert.DoesNotContain(findings, f => f.GetProperty("id").GetString() == "CG5009");
        Assert.True(Single(findings, "CG5002", "error-ratio", "canary").GetProperty("suppressed").GetBoolean());
        var annotated = Single(findings, "CG5008", "datadog-errors", "primary");
        Assert.Equal(("annotation", "Datadog is checked elsewhere"), (annotated.GetProperty("suppression").GetProperty("kind").GetString(), annotated.GetProperty("suppression").GetProperty("justification").GetString()));
        Assert.True(result.ExitCode == 1, result.ToString()); // CG5001 (no data) is still an error.
    }

    [Fact]
    public void StoppedPrometheus_IsAClearFinding()
    {
        using var stopped = RealPrometheus.Start();
        var address = stopped.Address.AbsoluteUri;
        stopped.Stop();
        using var folder = CanaryFolder(address);

        var result = Verify(folder, "--prometheus", address, "--timeout", "5");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"canary.yaml(15,9): error CG5007: metric request-success-rate of test/podinfo could not be verified for the canary: cannot reach {address}api/v1/query: Connection refused [test/podinfo]", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public void SeveralSeriesQueryErrorsAndACanaryFailingNow_AreTheirOwnFindings()
    {
        using var folder = new TempFolder();
        folder.Write("canary.yaml", """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: podinfo, namespace: test}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
              service: {port: 9898}
              analysis:
                interval: 1m
                metrics:
                  - name: request-success-rate
                    thresholdRange: {min: 100.5}
                  - name: by-code
                    thresholdRange: {max: 100}
                    query: sum by (response_code) (rate(istio_requests_total{destination_workload_namespace="test"}[1m]))
                  - name: unbalanced
                    thresholdRange: {max: 1}
                    query: sum(rate(istio_requests_total[1m])
                  - name: args
                    templateRef: {name: args}
                    thresholdRange: {max: 1}
            ---
            apiVersion: flagger.app/v1beta1
            kind: MetricTemplate
            metadata: {name: args, namespace: test}
            spec:
              provider: {type: prometheus, address: http://prometheus.monitoring:9090}
              query: |
                sum(rate(http_requests_total{service="{{ args.name }}"}[{{ interval }}]))
            """);

        var result = Verify(folder, "--prometheus", prometheus.Server.Address.AbsoluteUri, "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var findings = Findings(result.Output);
        Assert.Equal("info", Single(findings, "CG5006", "request-success-rate", "canary").GetProperty("severity").GetString());
        Single(findings, "CG5005", "request-success-rate", "primary");
        var several = Single(findings, "CG5003", "by-code", "primary");
        Assert.Equal("warning", several.GetProperty("severity").GetString());
        Assert.Contains("returns several series for the primary: 2 series; Flagger keeps the last one", several.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("cannot run for the canary: Prometheus answered: ", Single(findings, "CG5004", "unbalanced", "canary").GetProperty("message").GetString(), StringComparison.Ordinal);

        // A template Flagger cannot render: at the function it does not have, inside the block scalar.
        var unrendered = Single(findings, "CG5004", "args", "primary");
        Assert.Equal((28, 46, "canary.yaml"), Place(unrendered));
        Assert.Contains("Flagger cannot render the template: ", unrendered.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AKustomizeBaseCanary_IsVerifiedAsTheOverlayBuildsIt()
    {
        using var folder = new TempFolder();
        folder.Write("base/kustomization.yaml", "resources: [canary.yaml]\n");
        folder.Write("base/canary.yaml", """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: podinfo}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
              service: {port: 9898}
              analysis:
                interval: 1m
                metrics:
                  - name: request-duration
                    thresholdRange: {max: 500}
            """);
        folder.Write("overlay/kustomization.yaml", "namespace: test\nresources: [../base]\n");

        var result = ProcessRunner.Run("dotnet", [Tool, "verify", "--prometheus", prometheus.Server.Address.AbsoluteUri, "--format", "json", "."], folder.Path);

        // The overlay's namespace is in the query: without it, the base's Canary would be in default, with no data.
        Assert.True(result.ExitCode == 0, result.ToString());
        var findings = Findings(result.Output);
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("CG5009", f.GetProperty("id").GetString()));
        Assert.Equal((10, 9, "base/canary.yaml"), Place(Single(findings, "CG5009", "request-duration", "primary")));
    }

    [Fact]
    public void AnAddressThatIsNotAUrl_IsAUsageError()
    {
        var result = CliRunner.Run("verify", "--prometheus", "prometheus:9090", "x.yaml");
        Assert.Equal((2, "canaryguard: --prometheus must be an http or https URL, not 'prometheus:9090'\n"), (result.ExitCode, result.Error));
    }
}
