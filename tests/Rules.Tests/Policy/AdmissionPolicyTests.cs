using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Policy;

public sealed class AdmissionPolicyTests
{
    private static PolicyLoadResult Load(string yaml) => PolicyLoader.Load(".canaryguard.yaml", yaml, AnalysisEngine.CreateDefault().KnownIds);

    [Fact]
    public void DenyAt_defaults_to_error()
    {
        Assert.Equal(DiagnosticSeverity.Error, CanaryGuardPolicy.Default.Admission.DenyAt);
        Assert.Equal(DiagnosticSeverity.Error, Load("meshProvider: istio\n").Policy.Admission.DenyAt);
    }

    [Theory]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("info", DiagnosticSeverity.Info)]
    [InlineData("none", DiagnosticSeverity.None)]
    public void DenyAt_reads_each_value(string text, DiagnosticSeverity expected)
    {
        var result = Load($"admission:\n  denyAt: {text}\n");

        Assert.Empty(result.Problems);
        Assert.Equal(expected, result.Policy.Admission.DenyAt);
    }

    [Theory]
    [InlineData("admission:\n  denyAt: hidden\n", 2, 3, "'hidden' is not a value for 'admission.denyAt'; use error, warning, info or none")]
    [InlineData("admission:\n  denyAt: [error]\n", 2, 3, "'admission.denyAt' must be a string")]
    [InlineData("admission:\n  denyOn: error\n", 2, 3, "unknown setting 'admission.denyOn'; known settings: annotationSuppressions, denyAt, updates, warnAt")]
    [InlineData("admission:\n  warnAt: none\n", 2, 3, "'none' is not a value for 'admission.warnAt'; use error, warning or info")]
    [InlineData("admission:\n  updates: lenient\n", 2, 3, "'lenient' is not a value for 'admission.updates'; use changes or strict")]
    [InlineData("admission: strict\n", 1, 1, "'admission' must be a mapping")]
    public void Bad_admission_settings_are_CG0006_at_the_entry_key_and_keep_the_default(string yaml, int line, int column, string message)
    {
        var result = Load(yaml);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("CG0006", problem.Id);
        Assert.Equal(message, problem.Message);
        var span = problem.Span!.Value;
        Assert.Equal((line, column), (span.StartLine, span.StartColumn));
        Assert.Equal(DiagnosticSeverity.Error, result.Policy.Admission.DenyAt);
    }

    [Fact]
    public void WarnAt_and_updates_default_to_warning_and_changes_and_read_their_values()
    {
        Assert.Equal((DiagnosticSeverity.Warning, UpdateJudgement.Changes), (CanaryGuardPolicy.Default.Admission.WarnAt, CanaryGuardPolicy.Default.Admission.Updates));

        var result = Load("admission:\n  warnAt: info\n  updates: strict\n");

        Assert.Empty(result.Problems);
        Assert.Equal((DiagnosticSeverity.Info, UpdateJudgement.Strict), (result.Policy.Admission.WarnAt, result.Policy.Admission.Updates));
    }

    [Theory]
    [InlineData("meshProvider: istio\n", null)]
    [InlineData("admission: { annotationSuppressions: all }\n", null)]
    [InlineData("admission: { annotationSuppressions: none }\n", "")]
    [InlineData("admission: { annotationSuppressions: [CG1021, CG1005] }\n", "CG1005,CG1021")]
    public void AnnotationSuppressions_is_all_none_or_a_list_of_ids(string yaml, string? expected)
    {
        var result = Load(yaml);

        Assert.Empty(result.Problems);
        Assert.Equal(expected, result.Policy.Admission.AnnotationSuppressions is { } ids ? string.Join(",", ids.Order(StringComparer.Ordinal)) : null);
    }

    [Theory]
    [InlineData("admission: { annotationSuppressions: [CG1021, CG9999] }\n", "unknown rule id 'CG9999' in 'admission.annotationSuppressions'")]
    [InlineData("admission: { annotationSuppressions: some }\n", "'some' is not a value for 'admission.annotationSuppressions'; use all, none or a list of rule ids")]
    public void A_wrong_annotationSuppressions_is_reported_and_allows_no_suppression(string yaml, string message)
    {
        var result = Load(yaml);

        Assert.Equal(message, Assert.Single(result.Problems).Message);
        Assert.Empty(result.Policy.Admission.AnnotationSuppressions!);
    }

    [Fact]
    public void The_template_hash_is_stable_and_follows_only_canary_relevant_settings()
    {
        var baseline = CanaryTemplateHash.Compute(CanaryGuardPolicy.Default);

        Assert.Matches("^[0-9a-f]{16}$", baseline);
        Assert.Equal(baseline, CanaryTemplateHash.Compute(Load("rules: { CG1005: error }\nadmission: { denyAt: none }\n").Policy));
        Assert.NotEqual(baseline, CanaryTemplateHash.Compute(Load("meshProvider: linkerd\n").Policy));
        Assert.Equal(baseline, CanaryTemplateHash.Compute(Load("analysis: { minAnalyses: 5 }\n").Policy));
        Assert.NotEqual(baseline, CanaryTemplateHash.Compute(Load("canaryTemplate: { stepWeight: 5 }\n").Policy));
        Assert.NotEqual(baseline, CanaryTemplateHash.Compute(Load("canaryTemplate: { loadTester: http://flagger-loadtester.test/ }\n").Policy));
    }
}
