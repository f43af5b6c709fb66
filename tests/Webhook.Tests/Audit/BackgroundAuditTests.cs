using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Linter.Tests.Reports;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Reports;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Audit;
using CanaryGuard.Webhook.Metrics;
using CanaryGuard.Webhook.Tests.Canaries;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Audit;

/// <summary>
/// The leader's background audit against the fake API server: one PolicyReport per namespace with findings, owned
/// by its Namespace, not rewritten when nothing changed, emptied when the findings are gone; metrics.
/// </summary>
public sealed class BackgroundAuditTests : IAsyncLifetime, IDisposable
{
    private const string ReportPath = "/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/canaryguard";

    private FakeApiServer api = null!;
    private ClusterClient client = null!;

    public async Task InitializeAsync()
    {
        api = await FakeApiServer.StartAsync();
        client = new ClusterClient(api.Config());
        api.Put("/api/v1/namespaces/shop", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","uid":"ns-shop-uid"}}""");
        api.Put("/api/v1/namespaces/quiet", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"quiet","uid":"ns-quiet-uid"}}""");
        api.Put(ApiObjects.CanaryPath("shop", "checkout"), AuditObjects.UnsafeCanary);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    public void Dispose() => client.Dispose();

    [Fact]
    public async Task A_namespace_with_findings_gets_one_PolicyReport_owned_by_its_Namespace_and_a_clean_one_none()
    {
        var registry = new MetricsRegistry();
        using var audit = Audit(registry);

        var pass = await audit.AuditClusterAsync(CancellationToken.None);

        var report = api.Get(ReportPath);
        Assert.NotNull(report);
        Assert.Equal((2, 1, 0), (pass.Namespaces, pass.ReportsWritten, pass.ReportsUnchanged));
        Assert.Null(api.Get("/apis/wgpolicyk8s.io/v1alpha2/namespaces/quiet/policyreports/canaryguard"));
        var owner = Assert.Single(report["metadata"]!["ownerReferences"]!.AsArray())!;
        Assert.Equal(("v1", "Namespace", "shop", "ns-shop-uid"), (Text(owner, "apiVersion"), Text(owner, "kind"), Text(owner, "name"), Text(owner, "uid")));
        var results = report["results"]!.AsArray();
        Assert.Contains(results, r => Text(r!, "policy") == "CG2001" && Text(r!, "result") == "fail" && Text(r!["resources"]![0]!, "fieldPath") == "spec.targetRef.name");
        Assert.Equal(results.Count(r => Text(r!, "result") == "fail"), report["summary"]!["fail"]!.GetValue<int>());
        var metrics = registry.Render();
        Assert.Contains("canaryguard_audit_findings{rule=\"CG2001\",severity=\"error\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("canaryguard_audit_duration_seconds_count 1", metrics, StringComparison.Ordinal);
        Assert.Matches(@"canaryguard_audit_last_success_timestamp_seconds \d{10}", metrics);
    }

    [Fact]
    public async Task An_unchanged_report_is_not_written_again_and_a_fixed_namespace_gets_an_empty_one()
    {
        using var audit = Audit(new MetricsRegistry());
        await audit.AuditClusterAsync(CancellationToken.None);
        var writes = WritesOfReports();

        var again = await audit.AuditClusterAsync(CancellationToken.None);
        Assert.Equal((0, 1), (again.ReportsWritten, again.ReportsUnchanged));
        Assert.Equal(writes, WritesOfReports());

        api.Put(ApiObjects.CanaryPath("shop", "checkout"), AuditObjects.UnsafeCanary.Replace("\"name\":\"checkout\"}", "\"name\":\"web\"}", StringComparison.Ordinal));
        api.Put(ApiObjects.DeploymentPath("shop", "web"), ApiObjects.Deployment("shop", "web"));
        var fixedPass = await audit.AuditClusterAsync(CancellationToken.None);

        Assert.Equal(1, fixedPass.ReportsWritten);
        Assert.DoesNotContain(api.Get(ReportPath)!["results"]!.AsArray(), r => Text(r!, "policy") == "CG2001");
        Assert.Equal("PUT", api.Requests.Last(r => r.Path.StartsWith("/apis/wgpolicyk8s.io", StringComparison.Ordinal) && r.Method != "GET").Method);
    }

    [SharedDataFact]
    public async Task The_stored_report_is_valid_against_the_PolicyReport_CRD()
    {
        using (var audit = Audit(new MetricsRegistry()))
        {
            await audit.AuditClusterAsync(CancellationToken.None);
        }

        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("report.json"), api.Get(ReportPath)!.ToJsonString());

        AuditObjects.AssertValidPolicyReport(folder.File("report.json"));
    }

    [SharedDataFact]
    public async Task With_openreports_the_audit_writes_a_Report_valid_against_its_CRD()
    {
        using (var audit = Audit(new MetricsRegistry(), PolicyReportApi.OpenReports))
        {
            await audit.AuditClusterAsync(CancellationToken.None);
        }

        var report = api.Get("/apis/openreports.io/v1alpha1/namespaces/shop/reports/canaryguard");
        Assert.NotNull(report);
        Assert.Null(api.Get(ReportPath));
        Assert.Equal(("openreports.io/v1alpha1", "Report", "canaryguard"), (Text(report, "apiVersion"), Text(report, "kind"), Text(report, "source")));
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("report.json"), report.ToJsonString());
        SchemaValidator.AssertValid(SchemaValidator.OpenReportsCrd, folder.File("report.json"));
    }

    private BackgroundAudit Audit(MetricsRegistry registry, PolicyReportApi? reports = null) =>
        new(client, AnalysisEngine.CreateDefault(), () => CanaryGuardPolicy.Default, new AuditMetrics(registry), new ListLogger(), new BackgroundAuditOptions { Api = reports ?? PolicyReportApi.WgPolicy, MinRequestInterval = TimeSpan.Zero });

    private int WritesOfReports() => api.Requests.Count(r => r.Path.StartsWith("/apis/wgpolicyk8s.io", StringComparison.Ordinal) && r.Method is "POST" or "PUT");

    private static string? Text(JsonNode node, string property) => node[property]?.GetValue<string>();
}
