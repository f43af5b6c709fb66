using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Tests.Model;

public sealed class YamlManifestReaderTests
{
    [Fact]
    public void NodesKnowTheirPathsAndSpans()
    {
        var file = YamlManifestReader.Read("f.yaml", "spec:\n  analysis:\n    metrics:\n      - name: a\n      - name: b\n        thresholdRange:\n          max: 500\n");
        var root = Assert.IsType<MappingNode>(file.Documents[0].Root);
        var max = Assert.IsType<ScalarNode>(((MappingNode)((MappingNode)((MappingNode)root.At("spec", "analysis")!).Sequence("metrics")!.Items[1]).Mapping("thresholdRange")!)["max"]);
        Assert.Equal("spec.analysis.metrics[1].thresholdRange.max", max.Path);
        Assert.Equal(new SourceSpan("f.yaml", 7, 16, 7, 19), max.Span);
        Assert.Equal(new SourceSpan("f.yaml", 7, 11, 7, 14), max.KeySpan);
        Assert.Equal(max.KeySpan, max.Location);
    }

    [Theory]
    [InlineData("name: x\n", "name", "")]
    [InlineData("\"a.b\": x\n", "a.b", "")]
    [InlineData("metadata:\n  labels:\n    app: x\n", "app", "metadata.labels")]
    [InlineData("metadata:\n  labels:\n    sidecar.istio.io/inject: x\n", "sidecar.istio.io/inject", "metadata.labels")]
    [InlineData("\"a.b\":\n  \"say \\\"hi\\\"\": x\n", "say \"hi\"", "[\"a.b\"]")]
    [InlineData("items:\n- name: x\n", "name", "items[0]")]
    public void KeyNodes_StandAtTheirMappingsPath(string yaml, string key, string mappingPath)
    {
        foreach (var read in new[] { YamlManifestReader.Read("f.yaml", yaml), YamlManifestReader.ReadWithYamlDotNet("f.yaml", yaml, ParseLimits.Default) })
        {
            var entry = Entries(read.Documents[0].Root!).Single(e => e.KeyText == key);

            Assert.Equal(mappingPath, entry.Key.Path);
        }

        static IEnumerable<MappingEntry> Entries(ManifestNode node) => node switch
        {
            MappingNode mapping => mapping.Entries.Concat(mapping.Entries.SelectMany(e => Entries(e.Value))),
            SequenceNode sequence => sequence.Items.SelectMany(Entries),
            _ => [],
        };
    }

    [Fact]
    public void KeysWithDotsAreQuotedInPaths()
    {
        var file = YamlManifestReader.Read("f.yaml", "metadata:\n  labels:\n    sidecar.istio.io/inject: \"true\"\n");
        var label = ((MappingNode)file.Documents[0].Root!).At("metadata", "labels", "sidecar.istio.io/inject")!;
        Assert.Equal("metadata.labels[\"sidecar.istio.io/inject\"]", label.Path);
    }

    [Theory]
    [InlineData("true", ScalarStyle.Plain, ScalarKind.Bool)]
    [InlineData("\"true\"", ScalarStyle.DoubleQuoted, ScalarKind.String)]
    [InlineData("'yes'", ScalarStyle.SingleQuoted, ScalarKind.String)]
    [InlineData("yes", ScalarStyle.Plain, ScalarKind.Bool)]
    [InlineData("on", ScalarStyle.Plain, ScalarKind.Bool)]
    [InlineData("1.10", ScalarStyle.Plain, ScalarKind.Float)]
    [InlineData("42", ScalarStyle.Plain, ScalarKind.Int)]
    [InlineData("0x1F", ScalarStyle.Plain, ScalarKind.Int)]
    [InlineData("~", ScalarStyle.Plain, ScalarKind.Null)]
    [InlineData("30s", ScalarStyle.Plain, ScalarKind.String)]
    [InlineData("!!str 42", ScalarStyle.Plain, ScalarKind.String)]
    public void ScalarsKeepStyleAndGetKubernetesTypes(string yaml, ScalarStyle style, ScalarKind kind)
    {
        var scalar = Assert.IsType<ScalarNode>(((MappingNode)YamlManifestReader.Read("f.yaml", "v: " + yaml).Documents[0].Root!)["v"]);
        Assert.Equal(style, scalar.Style);
        Assert.Equal(kind, scalar.Kind);
    }

    /// <summary>Anchors placed on mapping keys, repeated by aliases as keys or values (yaml-test-suite 2SXE, E76Z, HMQ5).</summary>
    [Theory]
    [InlineData("&a a: &b b\n*b : *a\n", "a=b", "b=a")]
    [InlineData("!!str &a1 \"foo\":\n  !!str bar\n&a2 baz : *a1\n", "foo=bar", "baz=foo")]
    [InlineData("&a: key: &a value\nfoo:\n  *a:\n", "key=value", "foo=key")]
    public void AnchorsOnKeys_AreRememberedForAliases(string yaml, string first, string second)
    {
        var file = YamlManifestReader.Read("f.yaml", yaml);
        Assert.Empty(file.Problems);
        var root = Assert.IsType<MappingNode>(file.Documents[0].Root);
        Assert.Equal([first, second], root.Entries.Select(e => $"{e.KeyText}={((ScalarNode)e.Value).Value}"));
    }

    [Fact]
    public void DuplicateKeys_KeepTheLastAndRecordTheEarlier()
    {
        var root = (MappingNode)YamlManifestReader.Read("f.yaml", "a: 1\nb: 2\na: 3\n").Documents[0].Root!;
        Assert.Equal("3", root.Scalar("a")!.Value);
        var duplicate = Assert.Single(root.DuplicateKeys);
        Assert.Equal(1, duplicate.Span!.Value.StartLine);
        Assert.Equal(["a", "b"], root.Entries.Select(e => e.KeyText));
    }

    [Fact]
    public void MultipleDocuments_AreReadInOrder_EmptyOnesIncluded()
    {
        var file = YamlManifestReader.Read("f.yaml", "a: 1\n---\n---\nb: 2\n");
        Assert.Equal(3, file.Documents.Count);
        Assert.Null(file.Documents[1].Root);
        Assert.Equal(4, file.Documents[2].Root!.Span!.Value.StartLine);
    }

    [Fact]
    public void AliasesAndMergeKeys_ExpandAtTheirUse_ExplicitKeysWin()
    {
        var root = (MappingNode)YamlManifestReader.Read("f.yaml", "base: &b {interval: 1m, threshold: 5}\nanalysis:\n  <<: *b\n  threshold: 10\ncopy: *b\n").Documents[0].Root!;
        var analysis = root.Mapping("analysis")!;
        Assert.Equal("1m", analysis.String("interval"));
        Assert.Equal("10", analysis.String("threshold"));
        Assert.Equal("analysis.interval", analysis["interval"]!.Path);
        Assert.Equal("copy.threshold", root.Mapping("copy")!["threshold"]!.Path);
    }

    [Fact]
    public void SyntaxError_IsAProblemAtTheParsersPosition_AndEarlierDocumentsSurvive()
    {
        var file = YamlManifestReader.Read("f.yaml", "a: 1\n---\nb: [1, 2\nc: 3\n");
        var problem = Assert.Single(file.Problems);
        Assert.Equal(ParseProblemKind.Syntax, problem.Kind);
        Assert.Equal("f.yaml", problem.Span.File);
        Assert.True(problem.Span.StartLine >= 3, problem.Span.ToString());
        Assert.DoesNotContain("(Line:", problem.Message, StringComparison.Ordinal);
        Assert.NotNull(file.Documents[0].Root);
    }

    [Fact]
    public void AliasBomb_IsRefusedQuickly_AndLaterDocumentsAreStillRead()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Join("\n", Enumerable.Range(1, 9).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]")) + "\n---\nok: 1\n";
        var file = YamlManifestReader.Read("bomb.yaml", bomb);
        var problem = Assert.Single(file.Problems);
        Assert.Equal(ParseProblemKind.Unsafe, problem.Kind);
        Assert.Contains("alias", problem.Message, StringComparison.Ordinal);
        Assert.Null(file.Documents[0].Root);
        Assert.Equal("1", ((MappingNode)file.Documents[1].Root!).String("ok"));
    }

    [Fact]
    public void NestingDeeperThanTheLimit_IsRefused()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));
        var file = YamlManifestReader.Read("deep.yaml", deep);
        var problem = Assert.Single(file.Problems);
        Assert.Equal(ParseProblemKind.Unsafe, problem.Kind);
        Assert.Contains("nesting deeper than 64", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedDocument_IsRefusedByTheConfiguredLimit()
    {
        var file = YamlManifestReader.Read("big.yaml", "a: " + new string('x', 2000) + "\n---\nb: 1\n", new ParseLimits { MaxDocumentBytes = 1000 });
        var problem = Assert.Single(file.Problems);
        Assert.Contains("over the limit of 1000", problem.Message, StringComparison.Ordinal);
        Assert.Null(file.Documents[0].Root);
        Assert.NotNull(file.Documents[1].Root);
    }

    [Fact]
    public void JsonFiles_ParseWithPositions()
    {
        var file = YamlManifestReader.Read("f.json", "{\n  \"kind\": \"Canary\",\n  \"spec\": {\"analysis\": {\"maxWeight\": 50}}\n}");
        var maxWeight = ((MappingNode)file.Documents[0].Root!).At("spec", "analysis", "maxWeight")!;
        Assert.Equal(3, maxWeight.Location!.Value.StartLine);
        Assert.Equal(ScalarKind.Int, ((ScalarNode)maxWeight).Kind);
    }

    [Fact]
    public void Comments_AreFoundOutsideQuotesOnly()
    {
        var comments = YamlManifestReader.Read("f.yaml", "# top\na: \"x # not a comment\" # trailing\nb: c#d\n").Comments;
        Assert.Equal([(1, "top", true), (2, "trailing", false)], comments.Select(c => (c.Line, c.Text, c.IsWholeLine)));
    }
}
