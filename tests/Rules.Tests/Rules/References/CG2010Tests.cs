using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;
using static CanaryGuard.Rules.Tests.Rules.References.Manifests;

namespace CanaryGuard.Rules.Tests.Rules.References;

public sealed class CG2010Tests
{
    private const string TemplateMetric = "  analysis:\n    metrics:\n      - name: errors\n        templateRef:\n          name: error-rate\n        thresholdRange: {max: 1}\n";

    private static readonly string Marked = TemplateMetric.Edit("          name: error-rate", "          {|CG2010:name|}: error-rate");

    [Fact]
    public void TemplateInTheCanaryNamespace_IsFound() => RuleVerifier.Verify(Documents(Canary + TemplateMetric, MetricTemplate), "CG2010");

    [Fact]
    public void MissingTemplate_IsReportedAtTheTemplateName() => RuleVerifier.Verify(Canary + Marked, "CG2010");

    [Fact]
    public void TemplateRefNamespace_IsWhereItIsLookedUp()
    {
        var elsewhere = TemplateMetric.Edit("          name: error-rate\n", "          name: error-rate\n          namespace: flagger-system\n");
        RuleVerifier.Verify(Documents(Canary + elsewhere, MetricTemplate.Edit("namespace: shop", "namespace: flagger-system")), "CG2010");
        Assert.Contains("in namespace 'flagger-system'", RuleVerifier.Single(Documents(Canary + elsewhere, MetricTemplate), "CG2010").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_IsInfoWithTheSuffix()
    {
        var finding = RuleVerifier.Single(Canary + TemplateMetric, "CG2010");
        Assert.Equal(DiagnosticSeverity.Info, finding.Severity);
        Assert.Equal("metric 'errors' refers to MetricTemplate 'error-rate' in namespace 'shop', which does not exist: the check fails and the canary is rolled back (not found in the linted files)", finding.Message);
    }

    [Fact]
    public void Complete_IsAnError()
    {
        var finding = RuleVerifier.Single(Canary + TemplateMetric, "CG2010", CanaryGuardPolicy.Default with { Complete = true });
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal("metric 'errors' refers to MetricTemplate 'error-rate' in namespace 'shop', which does not exist: the check fails and the canary is rolled back", finding.Message);
    }

    [Fact]
    public void DisableComment_SuppressesIt()
    {
        var text = Canary + TemplateMetric.Edit("          name: error-rate", "          # canaryguard-disable-next-line CG2010 -- installed with Flagger\n          name: error-rate");
        Assert.True(Assert.Single(RuleVerifier.Lint(text).Diagnostics, d => d.Id == "CG2010").IsSuppressed);
    }
}
