using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Engine;

public sealed class SuppressionTests
{
    private const string TwoUnsafeCanaries = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: a}
        spec:
          analysis:
            maxWeight: 50
            stepWeight: 60
        ---
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: b}
        spec:
          analysis:
            maxWeight: 50
            stepWeight: 60
        """;

    private static IEnumerable<Diagnostic> Cg1005(string text) => RuleVerifier.Lint(text).Diagnostics.Where(d => d.Id == "CG1005");

    [Fact]
    public void AnAnnotationMaySuppressOnlyTheIdsTheOptionsAllow_AndARefusedOneIsReportedAtTheAnnotation()
    {
        var text = TwoUnsafeCanaries.Replace("metadata: {name: a}", "metadata: {name: a, annotations: {canaryguard.io/suppress: \"CG1005: legacy, CG1021\"}}", StringComparison.Ordinal);
        var file = YamlManifestReader.Read("f.yaml", text);
        Diagnostic[] Lint(IReadOnlySet<string>? suppressible) =>
            [.. AnalysisEngine.CreateDefault().Analyze([file], new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default, SuppressibleByAnnotation = suppressible }).Diagnostics];

        var anything = Lint(null);
        var onlyCg1021 = Lint(new HashSet<string>(StringComparer.Ordinal) { "CG1021" });

        Assert.True(anything.First(d => d.Id == "CG1005").IsSuppressed);
        Assert.DoesNotContain(anything, d => d.Id == "CG0006");
        Assert.False(onlyCg1021.First(d => d.Id == "CG1005").IsSuppressed);
        var refused = Assert.Single(onlyCg1021, d => d.Id == "CG0006");
        Assert.Equal("canaryguard.io/suppress may not suppress CG1005 here (policy admission.annotationSuppressions)", refused.Message);
        Assert.Equal(DiagnosticSeverity.Warning, refused.Severity);
        Assert.Equal(3, refused.Span!.Value.StartLine);
    }

    [Fact]
    public void RegionDisablesBetweenDisableAndEnable()
    {
        var text = TwoUnsafeCanaries.Replace("metadata: {name: a}", "# canaryguard-disable CG1005 -- legacy apps\nmetadata: {name: a}", StringComparison.Ordinal)
            .Replace("metadata: {name: b}", "# canaryguard-enable CG1005\nmetadata: {name: b}", StringComparison.Ordinal);
        var findings = Cg1005(text).ToList();
        Assert.Equal(2, findings.Count);
        Assert.Equal("legacy apps", findings[0].Suppression!.Justification);
        Assert.False(findings[1].IsSuppressed);
    }

    [Fact]
    public void DisableFile_SuppressesEveryFindingOfTheIdInTheFile()
    {
        var findings = Cg1005("# canaryguard-disable-file CG1005\n" + TwoUnsafeCanaries).ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(SuppressionKind.Comment, f.Suppression!.Kind));
    }

    [Fact]
    public void DisableNextLine_CoversOnlyTheNextLine()
    {
        var findings = Cg1005(TwoUnsafeCanaries.Replace("    maxWeight: 50\n    stepWeight", "    # canaryguard-disable-next-line CG1005\n    maxWeight: 50\n    stepWeight", StringComparison.Ordinal)).ToList();
        Assert.All(findings, f => Assert.False(f.IsSuppressed));
    }

    [Fact]
    public void SeveralIdsInOneDirective_AreAllSuppressed()
    {
        var text = "# canaryguard-disable-file CG1005, CG1013 -- demo\n" + TwoUnsafeCanaries;
        Assert.DoesNotContain(RuleVerifier.Lint(text).Reported, d => d.Id is "CG1005" or "CG1013");
    }

    [Fact]
    public void UnknownIdInAComment_IsCG0006AtTheComment()
    {
        var problem = RuleVerifier.Single("# canaryguard-disable-file CG9999\n" + TwoUnsafeCanaries, "CG0006");
        Assert.Equal(1, problem.Span!.Value.StartLine);
        Assert.Contains("unknown rule id 'CG9999'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnableWithoutDisable_IsCG0006()
    {
        var problem = RuleVerifier.Single("# canaryguard-enable CG1005\n" + TwoUnsafeCanaries, "CG0006");
        Assert.Contains("no matching 'canaryguard-disable CG1005'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownIdInTheAnnotation_IsCG0006AtTheAnnotation()
    {
        var text = TwoUnsafeCanaries.Replace("metadata: {name: a}", "metadata:\n  name: a\n  annotations:\n    canaryguard.io/suppress: \"CG1234: nope\"", StringComparison.Ordinal);
        var problem = RuleVerifier.Single(text, "CG0006");
        Assert.Equal(6, problem.Span!.Value.StartLine);
        Assert.Equal("a", problem.Resource!.Name);
    }

    [Fact]
    public void NoWarn_SuppressesForTheRun()
    {
        var file = YamlManifestReader.Read("f.yaml", TwoUnsafeCanaries);
        var result = AnalysisEngine.CreateDefault().Analyze([file], new AnalysisOptions
        {
            PolicyFor = _ => CanaryGuard.Rules.Policy.CanaryGuardPolicy.Default,
            NoWarn = new HashSet<string> { "CG1005" },
        });
        Assert.All(result.Diagnostics.Where(d => d.Id == "CG1005"), d => Assert.Equal(SuppressionKind.CommandLine, d.Suppression!.Kind));
        Assert.DoesNotContain(result.Reported, d => d.Id == "CG1005");
    }
}
