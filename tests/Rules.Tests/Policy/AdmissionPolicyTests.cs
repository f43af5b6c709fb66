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
    [InlineData("admission:\n  denyOn: error\n", 2, 3, "unknown setting 'admission.denyOn'; known settings: denyAt")]
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
