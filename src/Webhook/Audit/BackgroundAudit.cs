using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Reports;

namespace CanaryGuard.Webhook.Audit;

/// <summary>How often the background audit runs, what it writes, and how hard it may press the API server.</summary>
public sealed record BackgroundAuditOptions
{
    /// <summary>From the end of one audit of the cluster to the start of the next.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The report API written (<c>--audit-reports openreports</c> for the OpenReports Report).</summary>
    public PolicyReportApi Api { get; init; } = PolicyReportApi.WgPolicy;

    /// <summary>The least time between two API requests of the audit (10 a second at most by default).</summary>
    public TimeSpan MinRequestInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>
/// The webhook's audit of what is already running, on the elected leader only: on taking the lead and then every
/// <see cref="BackgroundAuditOptions.Period"/>, each namespace in turn is read and linted (<see cref="ClusterAuditor"/>:
/// paged lists, one request at a time, the API client's rate limit) and its findings written as one PolicyReport
/// named <c>canaryguard</c> in that namespace, owned by the Namespace. A report is written only when its content
/// changed, and a namespace without findings gets none (an existing one is emptied). Memory holds one namespace.
/// </summary>
public sealed class BackgroundAudit : IDisposable
{
    private readonly BackgroundAuditOptions options;
    private readonly ClusterClient client;
    private readonly ClusterAuditor auditor;
    private readonly Func<CanaryGuardPolicy> policy;
    private readonly AuditMetrics metrics;
    private readonly ILogger logger;

    /// <summary>
    /// The audit reads and writes through a client of its own made from <paramref name="cluster"/>'s connection: one
    /// request at a time, paced by <see cref="BackgroundAuditOptions.MinRequestInterval"/>, so admission look-ups
    /// never queue behind it.
    /// </summary>
    public BackgroundAudit(ClusterClient cluster, AnalysisEngine engine, Func<CanaryGuardPolicy> policy, AuditMetrics metrics, ILogger logger, BackgroundAuditOptions? options = null)
    {
        this.options = options ?? new BackgroundAuditOptions();
        client = new ClusterClient(cluster.Connection with { MaxConcurrentRequests = 1, MinRequestInterval = this.options.MinRequestInterval });
        auditor = new ClusterAuditor(client, engine);
        this.policy = policy;
        this.metrics = metrics;
        this.logger = logger;
    }

    private KubernetesResourceType ReportType => options.Api == PolicyReportApi.OpenReports ? KubernetesResourceType.OpenReports : KubernetesResourceType.PolicyReports;

    /// <summary>Audits now and then every period until <paramref name="leadership"/> ends.</summary>
    public async Task RunAsync(CancellationToken leadership)
    {
        while (!leadership.IsCancellationRequested)
        {
            try
            {
                await AuditClusterAsync(leadership);
            }
            catch (Exception exception) when (exception is KubernetesApiException or TimeoutException or HttpRequestException or JsonException)
            {
                logger.AuditFailed(exception.Message);
            }

            await Task.Delay(options.Period, leadership);
        }
    }

    /// <summary>One pass over every namespace; what it wrote.</summary>
    public async Task<AuditPass> AuditClusterAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var namespaces = await client.ListAsync(KubernetesResourceType.Namespaces, null, labelSelector: null, cancellationToken);
        var owners = namespaces
            .Select(n => (Name: Json.Text(n, "metadata", "name"), Uid: Json.Text(n, "metadata", "uid")))
            .Where(n => n.Name is not null && n.Uid is not null)
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        var analysis = new AnalysisOptions { PolicyFor = _ => policy() };
        var findings = new Dictionary<(string Rule, string Severity), int>();
        var written = 0;
        var unchanged = 0;
        foreach (var (name, uid) in owners)
        {
            var audit = await auditor.AuditAsync(name!, analysis, labelSelector: null, cancellationToken);
            var reported = audit.Result.Reported.ToList();
            foreach (var finding in reported)
            {
                var key = (finding.Id, finding.Severity.ToText());
                findings[key] = findings.GetValueOrDefault(key) + 1;
            }

            // Nothing read proves nothing; a namespace deleted since the list takes its report with it.
            if (audit.NothingRead || audit.NotFound)
            {
                continue;
            }

            switch (await WriteReportAsync(name!, uid!, reported, cancellationToken))
            {
                case ReportWrite.Written:
                    written++;
                    break;
                case ReportWrite.Unchanged:
                    unchanged++;
                    break;
            }
        }

        metrics.Completed(watch.Elapsed, findings);
        logger.AuditCompleted(owners.Count, watch.Elapsed.TotalSeconds, written, unchanged);
        return new AuditPass(owners.Count, written, unchanged);
    }

    private async Task<ReportWrite> WriteReportAsync(string @namespace, string namespaceUid, IReadOnlyList<Diagnostic> findings, CancellationToken cancellationToken)
    {
        var report = PolicyReports.Build(options.Api, @namespace, findings, d => d.File);
        var metadata = (JsonObject)report["metadata"]!;
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["name"] = @namespace,
            ["uid"] = namespaceUid,
        });
        using var existing = await client.GetAsync(ReportType, @namespace, PolicyReports.ReportName, cancellationToken);
        if (existing is null)
        {
            if (findings.Count == 0)
            {
                return ReportWrite.None;
            }

            using var created = await client.CreateAsync(ReportType, @namespace, Encoding.UTF8.GetBytes(report.ToJsonString()), cancellationToken);
            return ReportWrite.Written;
        }

        var stored = JsonNode.Parse(existing.RootElement.GetRawText())!;
        if (JsonNode.DeepEquals(stored["results"], report["results"]) && JsonNode.DeepEquals(stored["summary"], report["summary"])
            && JsonNode.DeepEquals(stored["metadata"]?["ownerReferences"], metadata["ownerReferences"]))
        {
            return ReportWrite.Unchanged;
        }

        metadata["resourceVersion"] = Json.Text(existing.RootElement, "metadata", "resourceVersion");
        using var replaced = await client.ReplaceAsync(ReportType, @namespace, PolicyReports.ReportName, Encoding.UTF8.GetBytes(report.ToJsonString()), cancellationToken);
        return ReportWrite.Written;
    }

    public void Dispose() => client.Dispose();

    private enum ReportWrite
    {
        None,
        Written,
        Unchanged,
    }
}

/// <summary>What one pass of the background audit did.</summary>
public sealed record AuditPass(int Namespaces, int ReportsWritten, int ReportsUnchanged);
