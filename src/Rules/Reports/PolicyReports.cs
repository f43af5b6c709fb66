using System.Globalization;
using System.Text.Json.Nodes;
using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Rules.Reports;

/// <summary>The Kubernetes report API a policy report is written in.</summary>
public sealed record PolicyReportApi(string Group, string Version, string NamespacedKind, string NamespacedPlural, string ClusterKind, bool HasSource)
{
    /// <summary><c>--format policyreport</c>: the Policy Working Group's API, read by Policy Reporter, Kyverno's UI and others.</summary>
    public static PolicyReportApi WgPolicy { get; } = new("wgpolicyk8s.io", "v1alpha2", "PolicyReport", "policyreports", "ClusterPolicyReport", HasSource: false);

    /// <summary><c>--format openreports</c>: its successor, the OpenReports API.</summary>
    public static PolicyReportApi OpenReports { get; } = new("openreports.io", "v1alpha1", "Report", "reports", "ClusterReport", HasSource: true);

    public string ApiVersion => $"{Group}/{Version}";
}

/// <summary>
/// Policy report objects, as <c>lint --format policyreport</c> writes them and the webhook's background audit stores
/// them: one namespaced report per namespace, or one cluster report (<c>namespace</c> empty). Each result is one
/// finding: policy = rule id, rule = title, error → fail/high, warning → warn/medium, info → warn/low, with the object
/// and its field path as the result's resource.
/// </summary>
public static class PolicyReports
{
    public const string Source = "canaryguard";
    public const string ReportName = "canaryguard";

    public static string Result(DiagnosticSeverity severity) => severity == DiagnosticSeverity.Error ? "fail" : "warn";

    public static string Severity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "high",
        DiagnosticSeverity.Warning => "medium",
        _ => "low",
    };

    /// <summary>
    /// The report of <paramref name="namespace"/> ("" for the cluster report) holding <paramref name="findings"/>;
    /// <paramref name="file"/> says where each finding is (its <c>properties.file</c>).
    /// </summary>
    public static JsonObject Build(PolicyReportApi api, string @namespace, IReadOnlyList<Diagnostic> findings, Func<Diagnostic, string> file)
    {
        var metadata = new JsonObject { ["name"] = ReportName };
        if (@namespace.Length > 0)
        {
            metadata["namespace"] = @namespace;
        }

        metadata["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = Source };
        var report = new JsonObject
        {
            ["apiVersion"] = api.ApiVersion,
            ["kind"] = @namespace.Length == 0 ? api.ClusterKind : api.NamespacedKind,
            ["metadata"] = metadata,
        };
        if (api.HasSource)
        {
            report["source"] = Source;
        }

        report["results"] = new JsonArray([.. findings.Select(f => (JsonNode)ResultOf(f, file(f)))]);
        report["summary"] = new JsonObject
        {
            ["pass"] = 0,
            ["fail"] = findings.Count(d => Result(d.Severity) == "fail"),
            ["warn"] = findings.Count(d => Result(d.Severity) == "warn"),
            ["error"] = 0,
            ["skip"] = 0,
        };
        return report;
    }

    private static JsonObject ResultOf(Diagnostic finding, string file)
    {
        var result = new JsonObject
        {
            ["policy"] = finding.Id,
            ["rule"] = finding.Descriptor.Title,
            ["category"] = finding.Descriptor.Category,
            ["result"] = Result(finding.Severity),
            ["severity"] = Severity(finding.Severity),
            ["message"] = finding.Message,
            ["source"] = Source,
            ["scored"] = true,
        };
        if (finding.Resource is { } resource)
        {
            var reference = new JsonObject { ["apiVersion"] = resource.ApiVersion, ["kind"] = resource.Kind };
            if (resource.Name is not null)
            {
                reference["name"] = resource.Name;
            }

            if (resource.Namespace is not null)
            {
                reference["namespace"] = resource.Namespace;
            }

            if (finding.Path.Length > 0)
            {
                reference["fieldPath"] = finding.Path;
            }

            result["resources"] = new JsonArray(reference);
        }

        // Result properties are a map of strings: where the finding is.
        var properties = new JsonObject { ["file"] = file };
        if (finding.Span is { } span)
        {
            properties["line"] = span.StartLine.ToString(CultureInfo.InvariantCulture);
            properties["column"] = span.StartColumn.ToString(CultureInfo.InvariantCulture);
        }

        properties["helpUri"] = finding.Descriptor.HelpLink.ToString();
        result["properties"] = properties;
        return result;
    }
}
