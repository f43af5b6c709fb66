using CanaryGuard.Linter.Lsp;
using CanaryGuard.Linter.Lsp.Protocol;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>Completion from the text being typed (rarely valid YAML yet): where the cursor is decides what is offered.</summary>
public sealed class LspCompletionTests
{
    private const string Canary = """
        apiVersion: flagger.app/v1beta1
        kind: Canary
        metadata:
          name: web
          annotations:
            canaryguard.io/suppress: "CG1011, CG10
        spec:
          analysis:
            interval: 1m
            # canaryguard-disable-next-line CG1005, CG
            metrics:
              - name: request-success-rate
                thr
              - 
            web
        """;

    [Theory]
    [InlineData("        thr", new[] { "thresholdRange", "interval", "templateRef" }, new[] { "name", "stepWeight" })]
    [InlineData("      - ", new[] { "name", "thresholdRange" }, new[] { "metrics" })]
    [InlineData("    web", new[] { "webhooks", "stepWeight", "maxWeight" }, new[] { "interval", "metrics", "name" })]
    public void FieldNames_AreThoseOfTheMappingBeingTyped_LessThoseAlreadyThere(string line, string[] offered, string[] notOffered)
    {
        var labels = Complete(line);

        Assert.All(offered, field => Assert.Contains(field, labels));
        Assert.All(notOffered, field => Assert.DoesNotContain(field, labels));
    }

    [Theory]
    [InlineData("    # canaryguard-disable-next-line CG1005, CG")]
    [InlineData("    canaryguard.io/suppress: \"CG1011, CG10")]
    public void RuleIds_AreOffered_InSuppressionCommentsAndTheAnnotation(string line)
    {
        var labels = Complete(line);

        Assert.Contains("CG1005", labels);
        Assert.Contains("CG2001", labels);
        Assert.DoesNotContain("CG0001", labels); // not configurable: cannot be suppressed
    }

    [Fact]
    public void NothingIsOffered_OutsideAFlaggerObject()
    {
        var text = Canary.Replace("kind: Canary", "kind: ConfigMap", StringComparison.Ordinal);
        var document = Document(text);
        var line = Array.IndexOf(text.Split('\n'), "    web");

        Assert.Empty(new LspCompletion(AnalysisEngine.CreateDefault(), PositionEncodingKind.Utf16).At(document, new Position(line, 7)).Items);
    }

    private static List<string> Complete(string line)
    {
        var lines = Canary.Split('\n');
        var index = Array.IndexOf(lines, line);
        Assert.True(index >= 0, $"no line '{line}' in the test's text");
        var list = new LspCompletion(AnalysisEngine.CreateDefault(), PositionEncodingKind.Utf16).At(Document(Canary), new Position(index, line.Length));
        return [.. list.Items.Select(i => i.Label)];
    }

    private static OpenDocument Document(string text) =>
        new("file:///w/canary.yaml", "canary.yaml", 1, text, YamlManifestReader.Read("canary.yaml", text), null);
}
