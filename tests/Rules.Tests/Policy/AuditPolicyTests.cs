using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Reports;

namespace CanaryGuard.Rules.Tests.Policy;

/// <summary><c>audit.reports</c>: which report API the webhook's background audit writes.</summary>
public sealed class AuditPolicyTests
{
    private static PolicyLoadResult Load(string yaml) => PolicyLoader.Load(".canaryguard.yaml", yaml, AnalysisEngine.CreateDefault().KnownIds);

    [Theory]
    [InlineData("meshProvider: istio\n", "wgpolicyk8s.io")]
    [InlineData("audit:\n  reports: policyreport\n", "wgpolicyk8s.io")]
    [InlineData("audit:\n  reports: openreports\n", "openreports.io")]
    public void Reports_defaults_to_PolicyReport_and_reads_each_value(string yaml, string group)
    {
        var result = Load(yaml);

        Assert.Empty(result.Problems);
        Assert.Equal(group, result.Policy.Audit.Reports.Group);
    }

    [Theory]
    [InlineData("audit:\n  reports: openreport\n", 2, 3, "'openreport' is not a value for 'audit.reports'; use policyreport or openreports")]
    [InlineData("audit:\n  report: openreports\n", 2, 3, "unknown setting 'audit.report'; known settings: reports")]
    [InlineData("audit: openreports\n", 1, 1, "'audit' must be a mapping")]
    public void Bad_audit_settings_are_CG0006_at_the_entry_key_and_keep_the_default(string yaml, int line, int column, string message)
    {
        var result = Load(yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("CG0006", problem.Id);
        Assert.Equal(message, problem.Message);
        var span = problem.Span!.Value;
        Assert.Equal((line, column), (span.StartLine, span.StartColumn));
        Assert.Equal(PolicyReportApi.WgPolicy, result.Policy.Audit.Reports);
    }
}
