using System.Globalization;
using CanaryGuard.Rules.Engine;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CanaryGuard.Linter.Output;

/// <summary>The Kubernetes report API a <see cref="PolicyReportWriter"/> writes.</summary>
internal sealed record PolicyReportApi(string ApiVersion, string NamespacedKind, string ClusterKind, bool HasSource)
{
    /// <summary><c>--format policyreport</c>: the Policy Working Group's API, read by Policy Reporter, Kyverno's UI and others.</summary>
    public static PolicyReportApi WgPolicy { get; } = new("wgpolicyk8s.io/v1alpha2", "PolicyReport", "ClusterPolicyReport", HasSource: false);

    /// <summary><c>--format openreports</c>: its successor, the OpenReports API.</summary>
    public static PolicyReportApi OpenReports { get; } = new("openreports.io/v1alpha1", "Report", "ClusterReport", HasSource: true);
}

/// <summary>
/// <c>--format policyreport</c> / <c>openreports</c>: Kubernetes policy report objects, ready for
/// <c>kubectl apply -f</c>: one namespaced report per namespace with findings, and one cluster report for
/// findings about cluster-scoped objects or objects that name no namespace (and for a clean run, so a run always
/// leaves a report). Each result is one finding: policy = rule id, rule = title, error → fail/high,
/// warning → warn/medium, info → warn/low. Suppressed findings are left out.
/// </summary>
internal sealed class PolicyReportWriter(ReportContext context, PolicyReportApi api) : IReportWriter
{
    public const string Source = "canaryguard";
    public const string ReportName = "canaryguard";

    public void Write(LintReport report, TextWriter output)
    {
        var byNamespace = report.Result.Reported
            .GroupBy(d => d.Resource?.Namespace ?? string.Empty, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var yaml = new Emitter(output);
        yaml.Emit(new StreamStart());
        if (byNamespace.Count == 0)
        {
            WriteReport(yaml, string.Empty, []);
        }

        foreach (var group in byNamespace)
        {
            WriteReport(yaml, group.Key, [.. group]);
        }

        yaml.Emit(new StreamEnd());
    }

    public static string Result(DiagnosticSeverity severity) => severity == DiagnosticSeverity.Error ? "fail" : "warn";

    public static string Severity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "high",
        DiagnosticSeverity.Warning => "medium",
        _ => "low",
    };

    private void WriteReport(Emitter yaml, string ns, List<Diagnostic> findings)
    {
        var writer = new YamlWriter(yaml);
        yaml.Emit(new DocumentStart(null, null, isImplicit: false));
        yaml.Emit(new MappingStart());
        writer.Pair("apiVersion", api.ApiVersion);
        writer.Pair("kind", ns.Length == 0 ? api.ClusterKind : api.NamespacedKind);
        writer.Key("metadata");
        yaml.Emit(new MappingStart());
        writer.Pair("name", ReportName);
        if (ns.Length > 0)
        {
            writer.Pair("namespace", ns);
        }

        writer.Key("labels");
        yaml.Emit(new MappingStart());
        writer.Pair("app.kubernetes.io/managed-by", Source);
        yaml.Emit(new MappingEnd());
        yaml.Emit(new MappingEnd());
        if (api.HasSource)
        {
            writer.Pair("source", Source);
        }

        writer.Key("results");
        yaml.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
        foreach (var finding in findings)
        {
            WriteResult(writer, yaml, finding);
        }

        yaml.Emit(new SequenceEnd());
        writer.Key("summary");
        yaml.Emit(new MappingStart());
        writer.Pair("pass", 0);
        writer.Pair("fail", findings.Count(d => Result(d.Severity) == "fail"));
        writer.Pair("warn", findings.Count(d => Result(d.Severity) == "warn"));
        writer.Pair("error", 0);
        writer.Pair("skip", 0);
        yaml.Emit(new MappingEnd());
        yaml.Emit(new MappingEnd());
        yaml.Emit(new DocumentEnd(isImplicit: true));
    }

    private void WriteResult(YamlWriter writer, Emitter yaml, Diagnostic finding)
    {
        yaml.Emit(new MappingStart());
        writer.Pair("policy", finding.Id);
        writer.Pair("rule", finding.Descriptor.Title);
        writer.Pair("category", finding.Descriptor.Category);
        writer.Pair("result", Result(finding.Severity));
        writer.Pair("severity", Severity(finding.Severity));
        writer.Pair("message", finding.Message);
        writer.Pair("source", Source);
        writer.Pair("scored", true);
        if (finding.Resource is { } resource)
        {
            writer.Key("resources");
            yaml.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
            yaml.Emit(new MappingStart());
            writer.Pair("apiVersion", resource.ApiVersion);
            writer.Pair("kind", resource.Kind);
            if (resource.Name is not null)
            {
                writer.Pair("name", resource.Name);
            }

            if (resource.Namespace is not null)
            {
                writer.Pair("namespace", resource.Namespace);
            }

            if (finding.Path.Length > 0)
            {
                writer.Pair("fieldPath", finding.Path);
            }

            yaml.Emit(new MappingEnd());
            yaml.Emit(new SequenceEnd());
        }

        // Result properties are a map of strings: where in the repository the finding is.
        writer.Key("properties");
        yaml.Emit(new MappingStart());
        writer.Pair("file", context.RelativePath(finding.File) ?? finding.File);
        if (finding.Span is { } span)
        {
            writer.Pair("line", span.StartLine.ToString(CultureInfo.InvariantCulture));
            writer.Pair("column", span.StartColumn.ToString(CultureInfo.InvariantCulture));
        }

        writer.Pair("helpUri", finding.Descriptor.HelpLink.ToString());
        yaml.Emit(new MappingEnd());
        yaml.Emit(new MappingEnd());
    }
}
