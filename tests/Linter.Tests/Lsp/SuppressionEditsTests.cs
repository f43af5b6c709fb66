using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Suppressions;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>The editor's two suppression actions: the text they write is read back by the engine as a suppression.</summary>
public sealed class SuppressionEditsTests
{
    private const string Canary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: api
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
          service:
            port: 80
          analysis:
            interval: 5s
            threshold: 1
            maxWeight: 50
            stepWeight: 10

        """;

    [Fact]
    public void TheCommentAboveTheLine_SuppressesTheFinding_AndASecondIdJoinsTheSameComment()
    {
        var interval = Finding(Canary, "CG1010");

        var once = Apply(Canary, SuppressionEdits.NextLineComment("canary.yaml", new SourceText(Canary), interval.Span!.Value, "CG1010"));
        Assert.Contains("    # canaryguard-disable-next-line CG1010\n    interval: 5s", once, StringComparison.Ordinal);
        Assert.Equal(SuppressionKind.Comment, Finding(once, "CG1010").Suppression?.Kind);

        var twice = Apply(once, SuppressionEdits.NextLineComment("canary.yaml", new SourceText(once), Finding(once, "CG1010").Span!.Value, "CG1008"));
        Assert.Contains("    # canaryguard-disable-next-line CG1010, CG1008\n    interval: 5s", twice, StringComparison.Ordinal);
        Assert.Equal(SuppressionKind.Comment, Finding(twice, "CG1010").Suppression?.Kind);
    }

    [Fact]
    public void TheAnnotation_IsAddedWithItsMapping_ThenExtended()
    {
        var once = ApplyAnnotation(Canary, "CG1011");
        Assert.Contains("metadata:\n  name: api\n  annotations:\n    canaryguard.io/suppress: \"CG1011\"\n", once, StringComparison.Ordinal);
        Assert.Equal(SuppressionKind.Annotation, Finding(once, "CG1011").Suppression?.Kind);

        var twice = ApplyAnnotation(once, "CG1010");
        Assert.Contains("canaryguard.io/suppress: \"CG1011, CG1010\"\n", twice, StringComparison.Ordinal);
        Assert.Equal(SuppressionKind.Annotation, Finding(twice, "CG1010").Suppression?.Kind);
        Assert.Equal(SuppressionKind.Annotation, Finding(twice, "CG1011").Suppression?.Kind);
    }

    private static string ApplyAnnotation(string text, string id)
    {
        var file = YamlManifestReader.Read("canary.yaml", text);
        var resource = KubernetesResource.FromFile(file).Single();
        var edit = SuppressionEdits.Annotation(new YamlEdits("canary.yaml", new SourceText(text)), resource, id);
        Assert.NotNull(edit);
        return Apply(text, edit);
    }

    private static string Apply(string text, TextEdit edit) => CodeFixer.Apply(text, [edit]);

    private static Diagnostic Finding(string text, string id)
    {
        var result = AnalysisEngine.CreateDefault().Analyze(
            [YamlManifestReader.Read("canary.yaml", text)],
            new AnalysisOptions { PolicyFor = _ => CanaryGuardPolicy.Default });
        return Assert.Single(result.Diagnostics, d => d.Id == id);
    }
}
