using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Rules.Input;

public sealed class CG0001Tests
{
    [Fact]
    public void ASyntaxError_IsReportedWhereTheParserFoundIt_AndTheOtherFilesAreStillLinted()
    {
        var result = EngineTestSupport.LintFiles(
            ("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web: shop\ndata:\n  a: b\n"),
            ("good.yaml", EngineTestSupport.CanaryWithCG1005));

        var syntax = Assert.Single(result.Diagnostics, d => d.Id == "CG0001");
        Assert.Equal("broken.yaml", syntax.File);
        Assert.Equal(DiagnosticSeverity.Error, syntax.Severity);
        Assert.Equal((4, 12), (syntax.Span!.Value.StartLine, syntax.Span.Value.StartColumn));
        Assert.Equal("While scanning a plain scalar value, found invalid mapping.", syntax.Message);
        Assert.Contains(result.Diagnostics, d => d.Id == "CG1005" && d.File == "good.yaml");
    }

    [Fact]
    public void AScannerFaultInsideAFlowSequence_IsASyntaxErrorNotACrash()
    {
        // YamlDotNet throws InvalidOperationException, not YamlException, for this one.
        var result = EngineTestSupport.LintFiles(("broken.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [1, 2\n  b: 3\n"));
        var syntax = Assert.Single(result.Diagnostics, d => d.Id == "CG0001");
        Assert.Equal("malformed YAML after this point: an unclosed flow collection ([ ] or { })?", syntax.Message);
        Assert.Equal((4, 8), (syntax.Span!.Value.StartLine, syntax.Span.Value.StartColumn));
    }

    [Fact]
    public void DocumentsBeforeTheError_AreStillLinted()
    {
        var result = EngineTestSupport.LintFiles(("mixed.yaml", EngineTestSupport.CanaryWithCG1005 + "---\nkind: [unclosed\n"));
        Assert.Single(result.Diagnostics, d => d.Id == "CG0001");
        Assert.Single(result.Diagnostics, d => d.Id == "CG1005");
    }

    [Fact]
    public void TheFinding_CannotBeConfiguredAway()
    {
        Assert.False(EngineDiagnostics.SyntaxError.IsConfigurable);
        var policy = CanaryGuardPolicy.Default with
        {
            RuleSeverities = new Dictionary<string, DiagnosticSeverity> { ["CG0001"] = DiagnosticSeverity.None },
            CategorySeverities = new Dictionary<string, DiagnosticSeverity> { ["Input"] = DiagnosticSeverity.None },
        };
        var result = AnalysisEngine.CreateDefault().Analyze(
            [YamlManifestReader.Read("broken.yaml", "a: 'unterminated\n")],
            new AnalysisOptions { PolicyFor = _ => policy, NoWarn = new HashSet<string> { "CG0001" } });

        var syntax = Assert.Single(result.Diagnostics, d => d.Id == "CG0001");
        Assert.Equal(DiagnosticSeverity.Error, syntax.Severity);
        Assert.False(syntax.IsSuppressed);
    }

    [Fact]
    public void ASuppressionComment_DoesNotHideIt()
    {
        var result = EngineTestSupport.LintFiles(("broken.yaml", "# canaryguard-disable-file CG0001 -- no effect\na: 'unterminated\n"));
        Assert.False(Assert.Single(result.Diagnostics, d => d.Id == "CG0001").IsSuppressed);
    }
}
