using System.Text;
using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Linter.Tests.Reports;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Reports;
using CanaryGuard.Tests.Shared;
using CanaryGuard.Webhook.Admission;
using CanaryGuard.Webhook.Audit;
using CanaryGuard.Webhook.Metrics;
using CanaryGuard.Webhook.Tests.Canaries;
using CanaryGuard.Webhook.Tests.Infrastructure;
using CanaryGuard.Webhook.Tests.Kubernetes;

namespace CanaryGuard.Webhook.Tests.Audit;

/// <summary>
/// The leader's background audit against the fake API server: one PolicyReport per namespace with findings, owned
/// by its Namespace, not rewritten when nothing changed, emptied when the findings are gone; the report API the
/// policy names; a namespace re-audited soon after an admission in it; metrics.
/// </summary>
public sealed class BackgroundAuditTests : IAsyncLifetime, IDisposable
{
    private const string ReportPath = "/apis/wgpolicyk8s.io/v1alpha2/namespaces/shop/policyreports/canaryguard";
    private const string OpenReportPath = "/apis/openreports.io/v1alpha1/namespaces/shop/reports/canaryguard";

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
    public async Task With_openreports_in_the_policy_the_audit_writes_a_Report_valid_against_its_CRD()
    {
        var loaded = PolicyLoader.Load("policy.yaml", "audit:\n  reports: openreports\n", AnalysisEngine.CreateDefault().KnownIds);
        Assert.Empty(loaded.Problems);
        using (var audit = Audit(new MetricsRegistry(), loaded.Policy))
        {
            await audit.AuditClusterAsync(CancellationToken.None);
        }

        var report = api.Get(OpenReportPath);
        Assert.NotNull(report);
        Assert.Null(api.Get(ReportPath));
        Assert.Equal(("openreports.io/v1alpha1", "Report", "canaryguard"), (Text(report, "apiVersion"), Text(report, "kind"), Text(report, "source")));
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(folder.File("report.json"), report.ToJsonString());
        SchemaValidator.AssertValid(SchemaValidator.OpenReportsCrd, folder.File("report.json"));
    }

    [Fact]
    public async Task The_policy_reloaded_between_passes_switches_the_report_API()
    {
        var policy = CanaryGuardPolicy.Default;
        using var audit = Audit(new MetricsRegistry(), options: null, () => policy);
        await audit.AuditClusterAsync(CancellationToken.None);
        Assert.Null(api.Get(OpenReportPath));

        policy = policy with { Audit = new AuditPolicy { Reports = PolicyReportApi.OpenReports } };
        var pass = await audit.AuditClusterAsync(CancellationToken.None);

        Assert.Equal(1, pass.ReportsWritten);
        Assert.Contains(api.Get(OpenReportPath)!["results"]!.AsArray(), r => Text(r!, "policy") == "CG2001");
    }

    [Fact]
    public async Task An_admitted_deletion_on_the_leader_rewrites_its_namespace_report_before_the_period()
    {
        using var audit = Audit(new MetricsRegistry(), new BackgroundAuditOptions
        {
            Period = TimeSpan.FromHours(1),
            ChangeDelay = TimeSpan.FromMilliseconds(100),
            MinRequestInterval = TimeSpan.Zero,
        });
        var handler = new AdmissionHandler(AnalysisEngine.CreateDefault(), () => CanaryGuardPolicy.Default, changes: audit);
        using var leadership = new CancellationTokenSource();
        var running = audit.RunAsync(leadership.Token);
        await WaitForAsync(() => api.Get(ReportPath)?["results"]!.AsArray().Any(r => Text(r!, "policy") == "CG2001") == true);
        var namespaceLists = NamespaceLists();

        api.Remove(ApiObjects.CanaryPath("shop", "checkout"));
        var review = Reviews.Review(new JsonObject
        {
            ["apiVersion"] = "flagger.app/v1beta1",
            ["kind"] = "Canary",
            ["metadata"] = new JsonObject { ["name"] = "checkout", ["namespace"] = "shop" },
        });
        review["request"]!["operation"] = "DELETE";
        review["request"]!["object"] = null;
        var decision = await handler.HandleAsync(Encoding.UTF8.GetBytes(review.ToJsonString()), AdmissionEndpoint.Validate, CancellationToken.None);
        Assert.True(decision.Allowed);

        await WaitForAsync(() => api.Get(ReportPath)?["results"]!.AsArray().All(r => Text(r!, "policy") != "CG2001") == true);
        Assert.Equal(namespaceLists, NamespaceLists());
        await leadership.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task Changes_beyond_the_pending_cap_start_the_next_full_pass_at_once()
    {
        using var audit = Audit(new MetricsRegistry(), new BackgroundAuditOptions
        {
            Period = TimeSpan.FromHours(1),
            ChangeDelay = TimeSpan.FromMilliseconds(100),
            MaxPendingNamespaces = 1,
            MinRequestInterval = TimeSpan.Zero,
        });
        using var leadership = new CancellationTokenSource();
        var running = audit.RunAsync(leadership.Token);
        await WaitForAsync(() => NamespaceLists() == 1 && api.Get(ReportPath) is not null);

        audit.Changed("shop");
        audit.Changed("quiet");

        await WaitForAsync(() => NamespaceLists() == 2);
        await leadership.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private BackgroundAudit Audit(MetricsRegistry registry, CanaryGuardPolicy? policy = null) =>
        Audit(registry, new BackgroundAuditOptions { MinRequestInterval = TimeSpan.Zero }, () => policy ?? CanaryGuardPolicy.Default);

    private BackgroundAudit Audit(MetricsRegistry registry, BackgroundAuditOptions? options, Func<CanaryGuardPolicy>? policy = null) =>
        new(client, AnalysisEngine.CreateDefault(), policy ?? (() => CanaryGuardPolicy.Default), new AuditMetrics(registry), new ListLogger(), options ?? new BackgroundAuditOptions { MinRequestInterval = TimeSpan.Zero });

    /// <summary>Full passes so far: each starts with the one list of Namespaces.</summary>
    private int NamespaceLists() => api.Requests.Count(r => r.Method == "GET" && r.Path == "/api/v1/namespaces");

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private int WritesOfReports() => api.Requests.Count(r => r.Path.StartsWith("/apis/wgpolicyk8s.io", StringComparison.Ordinal) && r.Method is "POST" or "PUT");

    private static string? Text(JsonNode node, string property) => node[property]?.GetValue<string>();
}
