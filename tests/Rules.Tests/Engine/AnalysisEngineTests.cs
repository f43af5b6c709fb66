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

public sealed class UnprovenFindingTests
{
    private const string CanaryWithoutItsTarget = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata: {name: web, namespace: shop}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          service: {port: 80}
          analysis: {interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10}
        """;

    [Fact]
    public void ConfigurationCannotRaiseAFindingThatRestsOnAnUnprovenAbsence()
    {
        var policy = CanaryGuardPolicy.Default with { RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG2001"] = DiagnosticSeverity.Error } };
        var finding = RuleVerifier.Single(CanaryWithoutItsTarget, "CG2001", policy);
        Assert.True(finding.IsUnproven);
        Assert.Equal(DiagnosticSeverity.Info, finding.Severity);
        Assert.EndsWith("(not found in the linted files)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingReference_RestsOnAbsence_AndHasAnAdmissionFormThatSaysNotFoundYet()
    {
        var finding = RuleVerifier.Single(CanaryWithoutItsTarget, "CG2001", CanaryGuardPolicy.Default with { Complete = true });

        Assert.True(finding.RestsOnAbsence);
        Assert.Equal("targetRef names Deployment 'web', which does not exist in namespace 'shop': Flagger never initializes the Canary", finding.Message);
        Assert.Equal("Deployment 'web' not found yet: Flagger waits for it", finding.AdmissionMessage);
    }

    [Fact]
    public void EveryDescriptorHasAnAdmissionFormThatFitsAKubectlWarning_WithShortArguments()
    {
        var tooLong = AnalysisEngine.CreateDefault().Descriptors
            .Select(d => $"{d.Id}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, d.AdmissionMessageFormat ?? d.MessageFormat, [.. Enumerable.Repeat<object?>("web", 9)])}")
            .Where(line => line.Length > 120)
            .ToList();

        Assert.Empty(tooLong);
    }

    [Fact]
    public void TheShortFormOfAMessageIsTheFactItStatesBeforeTheConsequence()
    {
        var finding = RuleVerifier.Single(Yaml.Canary("    maxWeight: 50\n    stepWeight: 60\n"), "CG1005");

        Assert.Equal("stepWeight (60) is not below maxWeight (50): the canary is promoted after a single analysis", finding.Message);
        Assert.Equal("stepWeight (60) is not below maxWeight (50)", finding.AdmissionMessage);
    }

    [Fact]
    public void ConfigurationCanStillSilenceIt()
    {
        var policy = CanaryGuardPolicy.Default with { RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG2001"] = DiagnosticSeverity.None } };
        Assert.DoesNotContain(RuleVerifier.Lint(CanaryWithoutItsTarget, policy).Diagnostics, d => d.Id == "CG2001");
    }

    [Fact]
    public void WhenTheSetIsCompleteTheAbsenceIsProvenAndConfigurationApplies()
    {
        var policy = CanaryGuardPolicy.Default with { Complete = true, RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG2001"] = DiagnosticSeverity.Warning } };
        var finding = RuleVerifier.Single(CanaryWithoutItsTarget, "CG2001", policy);
        Assert.False(finding.IsUnproven);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
    }
}
