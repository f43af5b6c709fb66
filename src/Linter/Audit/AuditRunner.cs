using System.Diagnostics;
using System.Globalization;
using CanaryGuard.Cluster;
using CanaryGuard.Linter.Commands;
using CanaryGuard.Linter.Inputs;
using CanaryGuard.Linter.Output;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Audit;

/// <summary>
/// Runs an audit: the cluster, one namespace at a time (<see cref="ClusterAuditor"/>), through exactly the lint
/// engine, then every report format as <c>lint</c> writes it. Findings are located at the object
/// (<c>namespace/Kind/name</c>) and its field path. Progress goes to standard error. Exit codes as <c>lint</c>:
/// 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, configuration, or a cluster that could not be
/// read at all. A kind that could not be read (a 403) is a notice, and the findings resting on its absence stay
/// unproven infos: the audit never fails on what it could not see.
/// </summary>
internal static class AuditRunner
{
    public static async Task<int> RunAsync(AuditRequest request, CliIo io, CancellationToken cancellationToken)
    {
        var engine = AnalysisEngine.CreateDefault();
        var findings = request.Findings;
        if (LintRunner.UnknownIds(engine, findings.NoWarn.Concat(findings.WarningsAsErrors), io))
        {
            return LintRunner.Failure;
        }

        if (findings.ConfigPath is not null && !File.Exists(findings.ConfigPath))
        {
            io.Error.WriteLine($"canaryguard: --config {findings.ConfigPath}: no such file");
            return LintRunner.Failure;
        }

        // One policy for the whole cluster: --config, else the .canaryguard.yaml around the current folder.
        var policies = new PolicyResolver(findings.ConfigPath, engine.KnownIds);
        var policy = policies.PolicyFor("-");
        if (policies.Problems.Any())
        {
            foreach (var problem in policies.Problems)
            {
                io.Error.WriteLine($"canaryguard: {problem.File}: {problem.Message}");
            }

            return LintRunner.Failure;
        }

        ClusterClient client;
        try
        {
            client = new ClusterClient(ClusterConnection.Load(request.Kubeconfig, request.Context));
        }
        catch (ClusterConfigurationException exception)
        {
            io.Error.WriteLine($"canaryguard: cannot connect to the cluster: {exception.Message}");
            return LintRunner.Failure;
        }

        using (client)
        {
            return await AuditAsync(request, engine, policies, policy, client, io, cancellationToken);
        }
    }

    private static async Task<int> AuditAsync(AuditRequest request, AnalysisEngine engine, PolicyResolver policies, CanaryGuardPolicy policy, ClusterClient client, CliIo io, CancellationToken cancellationToken)
    {
        var findings = request.Findings;
        var auditor = new ClusterAuditor(client, engine);
        IReadOnlyList<string> namespaces;
        try
        {
            namespaces = request.AllNamespaces ? await auditor.NamespacesAsync(cancellationToken) : [request.Namespace ?? client.Namespace ?? "default"];
        }
        catch (Exception exception) when (exception is KubernetesApiException or TimeoutException or HttpRequestException or System.Text.Json.JsonException or k8s.Exceptions.KubeConfigException)
        {
            io.Error.WriteLine($"canaryguard: cannot list the namespaces of {client.Server}: {ClusterContext.Describe(exception)}");
            return LintRunner.Failure;
        }

        var options = new AnalysisOptions
        {
            PolicyFor = _ => policy,
            NoWarn = findings.NoWarn,
            WarningsAsErrors = findings.WarningsAsErrors,
            WarningsAsErrorsAll = findings.WarningsAsErrorsAll,
        };
        var diagnostics = new List<Diagnostic>();
        var notices = new List<string>();
        var objects = 0;
        var unreadNamespaces = new List<string>();
        var missingNamespaces = new List<string>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < namespaces.Count; i++)
        {
            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"canaryguard: auditing namespace {namespaces[i]} ({i + 1}/{namespaces.Count})"));
            var audit = await auditor.AuditAsync(namespaces[i], options, request.LabelSelector, cancellationToken);
            diagnostics.AddRange(audit.Result.Diagnostics);
            objects += audit.Result.ResourceCount;
            notices.AddRange(audit.Unavailable.Select(u => $"not read: {u}; what rests on it is unproven"));
            if (audit.NothingRead)
            {
                unreadNamespaces.Add(audit.Namespace);
            }

            if (audit.NotFound)
            {
                missingNamespaces.Add(audit.Namespace);
            }
        }

        io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"canaryguard: audited {objects} objects in {namespaces.Count} namespace{(namespaces.Count == 1 ? string.Empty : "s")} in {watch.Elapsed.TotalSeconds:0.0} s"));
        // A misspelt -n must not pass as a clean namespace.
        var failure = unreadNamespaces.Count > 0 ? $"nothing could be read in {string.Join(", ", unreadNamespaces)} ({client.Server})"
            : missingNamespaces.Count > 0 ? $"no namespace {string.Join(", ", missingNamespaces)} in {client.Server}"
            : null;
        var result = new AnalysisResult([.. diagnostics.Order(DiagnosticOrder.Instance)], objects, objects);
        var report = new LintReport(result, engine.Descriptors, notices) { Failure = failure };
        // Locations are objects (shop/Canary/web), relative to nothing: the "source root" is the current folder.
        var reporting = new ReportRequest(
            request.Reporting with { SourceRoot = Directory.GetCurrentDirectory() },
            findings.FailOn,
            findings.Quiet,
            LintReporting.SeverityOverrides(engine.Descriptors, [policy], findings.WarningsAsErrorsAll, findings.WarningsAsErrors),
            FieldPathLocations: true);
        return LintReporting.Conclude(report, reporting, policies, [], io);
    }
}
