using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Tests.Model;

public sealed class SharedStringsTests
{
    [Fact]
    public void ShortValues_AreOneStringAcrossFiles_LongOnesAreNot()
    {
        var longValue = new string('q', 65);
        var yaml = $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shared-value-test\n  annotations:\n    query: {longValue}\n";
        var first = (MappingNode)YamlManifestReader.Read("a.yaml", yaml).Documents[0].Root!;
        var second = (MappingNode)YamlManifestReader.Read("b.yaml", yaml).Documents[0].Root!;

        Assert.Same(first.String("apiVersion"), second.String("apiVersion"));
        Assert.Same(first.Mapping("metadata")!.String("name"), second.Mapping("metadata")!.String("name"));

        var firstQuery = first.At("metadata", "annotations", "query") as ScalarNode;
        var secondQuery = second.At("metadata", "annotations", "query") as ScalarNode;
        Assert.Equal(longValue, firstQuery!.Value);
        Assert.Equal(firstQuery.Value, secondQuery!.Value);
        Assert.NotSame(firstQuery.Value, secondQuery.Value);

        // Sharing the text must not share positions: each node still knows its own file.
        Assert.Equal("a.yaml", firstQuery.Span!.Value.File);
        Assert.Equal("b.yaml", secondQuery.KeySpan!.Value.File);
    }
}
