using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryGuard.Cluster;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Reports;
using CanaryGuard.Webhook.Admission;

namespace CanaryGuard.Webhook.Audit;

/// <summary>How often the background audit runs and how hard it may press the API server.</summary>
public sealed record BackgroundAuditOptions
{
    /// <summary>From the end of one audit of the cluster to the start of the next.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The least time between two API requests of the audit (10 a second at most by default).</summary>
    public TimeSpan MinRequestInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long after the first admission in a namespace its re-audit starts: a burst (an <c>kubectl apply</c> of a
    /// folder, a Helm upgrade) costs one re-audit, and the admitted objects are stored by then.
    /// </summary>
    public TimeSpan ChangeDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most namespaces waiting for a re-audit; beyond it the next full pass starts at once instead.</summary>
    public int MaxPendingNamespaces { get; init; } = 1000;
}

/// <summary>
/// The webhook's audit of what is already running, on the elected leader only: on taking the lead and then every
/// <see cref="BackgroundAuditOptions.Period"/>, each namespace in turn is read and linted (<see cref="ClusterAuditor"/>:
/// paged lists, one request at a time, the API client's rate limit) and its findings written as one report named
/// <c>canaryguard</c> in that namespace, owned by the Namespace, of the API the policy's <c>audit.reports</c> names.
/// A report is written only when its content changed, and a namespace without findings gets none (an existing one is
/// emptied). Between passes, a namespace in which this replica admitted a change is re-audited alone after
/// <see cref="BackgroundAuditOptions.ChangeDelay"/>. Memory holds one namespace and the bounded set of pending names.
/// </summary>
public sealed class BackgroundAudit : IDisposable, INamespaceChanges
{
    private readonly BackgroundAuditOptions options;
    private readonly ClusterClient client;
    private readonly ClusterAuditor auditor;
    private readonly Func<CanaryGuardPolicy> policy;
    private readonly AuditMetrics metrics;
    private readonly ILogger logger;

    /// <summary>Guards <see cref="pending"/>, <see cref="overflowed"/> and the release of <see cref="changed"/>.</summary>
    private readonly Lock pendingLock = new();
    private readonly HashSet<string> pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim changed = new(0, 1);
    private bool overflowed;
    private volatile bool leading;

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

    /// <summary>
    /// Notes a namespace in which this replica admitted a change. Only the leader audits; a follower's admissions are
    /// seen by the leader's next full pass.
    /// </summary>
    public void Changed(string @namespace)
    {
        if (!leading)
        {
            return;
        }

        lock (pendingLock)
        {
            if (!pending.Contains(@namespace) && pending.Count >= options.MaxPendingNamespaces)
            {
                overflowed = true;
            }
            else
            {
                pending.Add(@namespace);
            }

            if (changed.CurrentCount == 0)
            {
                changed.Release();
            }
        }
    }

    /// <summary>Audits now and then every period until <paramref name="leadership"/> ends, and changed namespaces in between.</summary>
    public async Task RunAsync(CancellationToken leadership)
    {
        leading = true;
        try
        {
            while (!leadership.IsCancellationRequested)
            {
                // A full pass covers whatever was pending when it started.
                TakePending();
                await GuardedAsync(AuditClusterAsync, leadership);
                var nextPass = Stopwatch.StartNew();
                while (options.Period - nextPass.Elapsed is { Ticks: > 0 } untilNextPass && await changed.WaitAsync(untilNextPass, leadership))
                {
                    await Task.Delay(options.ChangeDelay, leadership);
                    var (namespaces, overflow) = TakePending();
                    if (overflow)
                    {
                        break;
                    }

                    await GuardedAsync(token => AuditNamespacesAsync(namespaces, token), leadership);
                }
            }
        }
        finally
        {
            leading = false;
            TakePending();
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
        var pass = new PassTally(policy());
        foreach (var (name, uid) in owners)
        {
            await AuditNamespaceAsync(name!, uid!, pass, cancellationToken);
        }

        metrics.Completed(watch.Elapsed, pass.Findings);
        logger.AuditCompleted(owners.Count, watch.Elapsed.TotalSeconds, pass.Written, pass.Unchanged);
        return new AuditPass(owners.Count, pass.Written, pass.Unchanged);
    }

    /// <summary>
    /// Re-audits the named namespaces alone (after admissions). The findings metrics stay those of the last full
    /// pass: a part of the cluster would make them read as if the rest were clean.
    /// </summary>
    public async Task<AuditPass> AuditNamespacesAsync(IReadOnlyCollection<string> namespaces, CancellationToken cancellationToken)
    {
        var pass = new PassTally(policy());
        foreach (var name in namespaces.Order(StringComparer.Ordinal))
        {
            using var stored = await client.GetAsync(KubernetesResourceType.Namespaces, null, name, cancellationToken);
            if (stored is not null && Json.Text(stored.RootElement, "metadata", "uid") is { } uid)
            {
                await AuditNamespaceAsync(name, uid, pass, cancellationToken);
            }
        }

        logger.NamespacesReaudited(namespaces.Count, pass.Written, pass.Unchanged);
        return new AuditPass(namespaces.Count, pass.Written, pass.Unchanged);
    }

    private async Task GuardedAsync(Func<CancellationToken, Task> audit, CancellationToken leadership)
    {
        try
        {
            await audit(leadership);
        }
        catch (Exception exception) when (exception is KubernetesApiException or TimeoutException or HttpRequestException or JsonException)
        {
            logger.AuditFailed(exception.Message);
        }
    }

    private (IReadOnlyCollection<string> Namespaces, bool Overflowed) TakePending()
    {
        lock (pendingLock)
        {
            var taken = (pending.ToList(), overflowed);
            pending.Clear();
            overflowed = false;
            return taken;
        }
    }

    private async Task AuditNamespaceAsync(string name, string uid, PassTally pass, CancellationToken cancellationToken)
    {
        var audit = await auditor.AuditAsync(name, pass.Analysis, labelSelector: null, cancellationToken);
        var reported = audit.Result.Reported.ToList();
        foreach (var finding in reported)
        {
            var key = (finding.Id, finding.Severity.ToText());
            pass.Findings[key] = pass.Findings.GetValueOrDefault(key) + 1;
        }

        // Nothing read proves nothing; a namespace deleted since the list takes its report with it.
        if (audit.NothingRead || audit.NotFound)
        {
            return;
        }

        switch (await WriteReportAsync(pass.Reports, name, uid, reported, cancellationToken))
        {
            case ReportWrite.Written:
                pass.Written++;
                break;
            case ReportWrite.Unchanged:
                pass.Unchanged++;
                break;
        }
    }

    private async Task<ReportWrite> WriteReportAsync(PolicyReportApi api, string @namespace, string namespaceUid, IReadOnlyList<Diagnostic> findings, CancellationToken cancellationToken)
    {
        var reportType = api == PolicyReportApi.OpenReports ? KubernetesResourceType.OpenReports : KubernetesResourceType.PolicyReports;
        var report = PolicyReports.Build(api, @namespace, findings, d => d.File);
        var metadata = (JsonObject)report["metadata"]!;
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["name"] = @namespace,
            ["uid"] = namespaceUid,
        });
        using var existing = await client.GetAsync(reportType, @namespace, PolicyReports.ReportName, cancellationToken);
        if (existing is null)
        {
            if (findings.Count == 0)
            {
                return ReportWrite.None;
            }

            using var created = await client.CreateAsync(reportType, @namespace, Encoding.UTF8.GetBytes(report.ToJsonString()), cancellationToken);
            return ReportWrite.Written;
        }

        var stored = JsonNode.Parse(existing.RootElement.GetRawText())!;
        if (JsonNode.DeepEquals(stored["results"], report["results"]) && JsonNode.DeepEquals(stored["summary"], report["summary"])
            && JsonNode.DeepEquals(stored["metadata"]?["ownerReferences"], metadata["ownerReferences"]))
        {
            return ReportWrite.Unchanged;
        }

        metadata["resourceVersion"] = Json.Text(existing.RootElement, "metadata", "resourceVersion");
        using var replaced = await client.ReplaceAsync(reportType, @namespace, PolicyReports.ReportName, Encoding.UTF8.GetBytes(report.ToJsonString()), cancellationToken);
        return ReportWrite.Written;
    }

    public void Dispose()
    {
        client.Dispose();
        changed.Dispose();
    }

    private enum ReportWrite
    {
        None,
        Written,
        Unchanged,
    }
}

/// <summary>
/// What one pass counts as it goes, with the policy read once at its start: a reload during the pass takes effect at
/// the next one, so one pass never mixes two policies.
/// </summary>
internal sealed class PassTally(CanaryGuardPolicy policy)
{
    public AnalysisOptions Analysis { get; } = new() { PolicyFor = _ => policy };

    public PolicyReportApi Reports { get; } = policy.Audit.Reports;

    public Dictionary<(string Rule, string Severity), int> Findings { get; } = [];

    public int Written { get; set; }

    public int Unchanged { get; set; }
}

/// <summary>What one pass of the background audit did.</summary>
public sealed record AuditPass(int Namespaces, int ReportsWritten, int ReportsUnchanged);
