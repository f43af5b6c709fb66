using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Rules.Tests.Infrastructure;

/// <summary>Lints marked-up YAML with the full rule set and checks the findings of the ids under test, span for span.</summary>
public static class RuleVerifier
{
    public const string FileName = "test.yaml";

    private static readonly AnalysisEngine Engine = AnalysisEngine.CreateDefault();

    /// <summary>Asserts that the findings with ids in <paramref name="ids"/> are exactly the marked ones.</summary>
    public static AnalysisResult Verify(string markup, params string[] ids) => Verify(markup, CanaryGuardPolicy.Default, ids);

    public static AnalysisResult Verify(string markup, CanaryGuardPolicy policy, params string[] ids)
    {
        var (text, expected) = Markup.Parse(markup);
        var result = Lint(text, policy);
        var actual = result.Diagnostics
            .Where(d => ids.Contains(d.Id) && !d.IsSuppressed)
            .Select(d => new ExpectedFinding(d.Id, d.Span!.Value.StartLine, d.Span.Value.StartColumn, d.Span.Value.EndLine, d.Span.Value.EndColumn))
            .OrderBy(f => f.StartLine).ThenBy(f => f.StartColumn).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        var wanted = expected.Where(e => ids.Contains(e.Id))
            .OrderBy(f => f.StartLine).ThenBy(f => f.StartColumn).ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        Assert.True(
            wanted.SequenceEqual(actual),
            $"expected:\n  {string.Join("\n  ", wanted)}\nactual:\n  {string.Join("\n  ", actual)}\nall findings:\n  {string.Join("\n  ", result.Diagnostics.Select(d => $"{d.Id} {d.Span} {d.Message}"))}");
        return result;
    }

    /// <summary>Lints one YAML text as the file test.yaml.</summary>
    public static AnalysisResult Lint(string text, CanaryGuardPolicy? policy = null)
    {
        var file = YamlManifestReader.Read(FileName, text);
        return Engine.Analyze([file], new AnalysisOptions { PolicyFor = _ => policy ?? CanaryGuardPolicy.Default });
    }

    /// <summary>The single unsuppressed finding of an id; fails when there is not exactly one.</summary>
    public static Diagnostic Single(string text, string id, CanaryGuardPolicy? policy = null) =>
        Assert.Single(Lint(text, policy).Diagnostics, d => d.Id == id && !d.IsSuppressed);
}
