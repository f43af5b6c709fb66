using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Reports;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CanaryGuard.Linter.Output;

/// <summary>
/// <c>--format policyreport</c> / <c>openreports</c>: Kubernetes policy report objects (<see cref="PolicyReports"/>),
/// ready for <c>kubectl apply -f</c>: one namespaced report per namespace with findings, and one cluster report for
/// findings about cluster-scoped objects or objects that name no namespace (and for a clean run, so a run always
/// leaves a report). Suppressed findings are left out.
/// </summary>
internal sealed class PolicyReportWriter(ReportContext context, PolicyReportApi api) : IReportWriter
{
    public void Write(LintReport report, TextWriter output)
    {
        var byNamespace = report.Result.Reported
            .GroupBy(d => d.Resource?.Namespace ?? string.Empty, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var yaml = new Emitter(output);
        var writer = new YamlWriter(yaml);
        yaml.Emit(new StreamStart());
        if (byNamespace.Count == 0)
        {
            writer.Document(PolicyReports.Build(api, string.Empty, [], File));
        }

        foreach (var group in byNamespace)
        {
            writer.Document(PolicyReports.Build(api, group.Key, [.. group], File));
        }

        yaml.Emit(new StreamEnd());
    }

    private string File(Diagnostic finding) => context.RelativePath(finding.File) ?? finding.File;
}
