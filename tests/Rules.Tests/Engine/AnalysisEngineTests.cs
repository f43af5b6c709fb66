using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Engine;

public sealed class AnalysisEngineTests
{
    private static readonly CanaryGuardPolicy Policy = CanaryGuardPolicy.Default;

    [Fact]
    public void FindingsAreOrderedByFileLineColumnAndId_WhateverTheInputOrder()
    {
        var unsafeCanary = Yaml.Canary("    maxWeight: 50\n    stepWeight: 60\n");
        var files = new[] { "c.yaml", "a.yaml", "b.yaml" }.Select(name => YamlManifestReader.Read(name, unsafeCanary)).ToList();
        var result = AnalysisEngine.CreateDefault().Analyze(files, new AnalysisOptions { PolicyFor = _ => Policy });
        var keys = result.Diagnostics.Select(d => (d.File, d.Span!.Value.StartLine, d.Span.Value.StartColumn, d.Id)).ToList();
        Assert.Equal(keys.OrderBy(k => k.File, StringComparer.Ordinal).ThenBy(k => k.StartLine).ThenBy(k => k.StartColumn).ThenBy(k => k.Id, StringComparer.Ordinal), keys);
        Assert.Equal(3, result.FileCount);
        Assert.Equal(3, result.ResourceCount);
    }

    [Fact]
    public void AThrowingRule_IsReportedAsCG0007_AndOtherRulesStillRun()
    {
        var engine = new AnalysisEngine([new ThrowingRule(), .. RuleCatalog.All]);
        var file = YamlManifestReader.Read("f.yaml", Yaml.Canary("    maxWeight: 50\n    stepWeight: 60\n"));
        var result = engine.Analyze([file], new AnalysisOptions { PolicyFor = _ => Policy });
        var failure = Assert.Single(result.Diagnostics, d => d.Id == "CG0007");
        Assert.Equal("rule CG9001 failed on this resource: boom", failure.Message);
        Assert.Equal("shop/web", failure.Resource!.ToString());
        Assert.Contains(result.Diagnostics, d => d.Id == "CG1005");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CG9001");
    }

    [Fact]
    public void ARuleConfiguredOff_DoesNotRun()
    {
        var engine = new AnalysisEngine([new ThrowingRule()]);
        var file = YamlManifestReader.Read("f.yaml", Yaml.Canary("    interval: 1m\n"));
        var policy = Policy with { RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG9001"] = DiagnosticSeverity.None } };
        Assert.Empty(engine.Analyze([file], new AnalysisOptions { PolicyFor = _ => policy }).Diagnostics);
    }

    [Fact]
    public void ListsAreFlattenedAndDocumentsWithoutKindAreSkipped()
    {
        var text = "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b}\n---\nfoo: bar\n---\n- not\n- a resource\n";
        var result = RuleVerifier.Lint(text);
        Assert.Equal(2, result.ResourceCount);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void WarningsAsErrors_PromotesOnlyTheListedIds()
    {
        var file = YamlManifestReader.Read("f.yaml", Yaml.Canary("    maxWeight: 50\n    stepWeight: 60\n"));
        var result = AnalysisEngine.CreateDefault().Analyze([file], new AnalysisOptions { PolicyFor = _ => Policy, WarningsAsErrors = new HashSet<string> { "CG1005" } });
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(result.Diagnostics, d => d.Id == "CG1005").Severity);
    }

    [Fact]
    public void SyntaxErrorsCannotBeConfiguredAway()
    {
        var policy = Policy with { RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG0001"] = DiagnosticSeverity.None } };
        var result = RuleVerifier.Lint("a: [1,\n", policy);
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(result.Diagnostics, d => d.Id == "CG0001").Severity);
    }

    private sealed class ThrowingRule : AnalysisRule
    {
        private static readonly DiagnosticDescriptor Rule = new("CG9001", "throws", "never", RuleCategories.Analysis, DiagnosticSeverity.Warning, "test rule");

        public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

        public override bool AppliesTo(KubernetesResource resource) => true;

        public override void Analyze(RuleContext context)
        {
            context.Report(Rule, context.Resource.Root);
            throw new InvalidOperationException("boom");
        }
    }
}
