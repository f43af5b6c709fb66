using System.Text.Json;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Tests.Model;

public sealed class JsonManifestReaderTests
{
    [Fact]
    public void JsonValuesMapToTheSameTreeWithPathsAndNoSpans()
    {
        using var json = JsonDocument.Parse("""{"spec":{"analysis":{"maxWeight":50,"interval":"1m","mirror":true,"ratio":0.5,"metrics":[{"name":"a"}],"x":null}}}""");
        var root = Assert.IsType<MappingNode>(JsonManifestReader.Read(json.RootElement));
        var analysis = (MappingNode)root.At("spec", "analysis")!;
        Assert.True(analysis.Scalar("maxWeight")!.TryGetInt64(out var maxWeight));
        Assert.Equal(50, maxWeight);
        Assert.Equal(ScalarKind.String, analysis.Scalar("interval")!.Kind);
        Assert.True(analysis.Scalar("mirror")!.TryGetBool(out var mirror) && mirror);
        Assert.Equal(ScalarKind.Float, analysis.Scalar("ratio")!.Kind);
        Assert.True(analysis.Scalar("x")!.IsNull);
        var name = ((MappingNode)analysis.Sequence("metrics")!.Items[0])["name"]!;
        Assert.Equal("spec.analysis.metrics[0].name", name.Path);
        Assert.Null(name.Location);
    }

    [Fact]
    public void JsonStrings_StayStringsEvenWhenTheyLookLikeYamlBooleans()
    {
        using var json = JsonDocument.Parse("""{"v":"yes"}""");
        Assert.Equal(ScalarKind.String, ((MappingNode)JsonManifestReader.Read(json.RootElement)).Scalar("v")!.Kind);
    }

    [Fact]
    public void DeepJson_IsRefused()
    {
        using var json = JsonDocument.Parse(string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70)), new JsonDocumentOptions { MaxDepth = 200 });
        var refused = Assert.Throws<UnsafeJsonInputException>(() => JsonManifestReader.Read(json.RootElement));
        Assert.StartsWith("nesting deeper than 64 levels at ", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Issue 18: 90,000 labels in 1.3 MB made a tree twenty times that size, enough to exhaust a 256 Mi pod.</summary>
    [Theory]
    [InlineData(20_000, false)]
    [InlineData(20_001, true)]
    public void JsonOfMoreValuesThanTheLimit_IsRefused(int values, bool refused)
    {
        // The root mapping and "labels" are two values; the rest are the labels'.
        var labels = string.Join(",", Enumerable.Range(0, values - 2).Select(i => $"\"l{i}\": 1"));
        using var json = JsonDocument.Parse("{\"labels\": {" + labels + "}}");

        if (refused)
        {
            var exception = Assert.Throws<UnsafeJsonInputException>(() => JsonManifestReader.Read(json.RootElement));
            Assert.Equal("more than 20000 values (the last at labels.l19998)", exception.Message);
        }
        else
        {
            Assert.Equal(values - 2, Assert.IsType<MappingNode>(((MappingNode)JsonManifestReader.Read(json.RootElement)).At("labels")).Entries.Count);
        }
    }

    [Fact]
    public void APathInAMessage_IsShortened()
    {
        var key = new string('k', 10_000);
        using var json = JsonDocument.Parse($$"""{"{{key}}": "\uD800"}""");

        var message = Assert.Throws<InvalidDataException>(() => JsonManifestReader.Read(json.RootElement)).Message;

        Assert.Equal($"a string at {key[..120]}… holds an unpaired UTF-16 surrogate escape", message);
    }

    /// <summary>Found by the full fuzz run (admission objects, cases 3688, 6452, 54779, 75323): it threw InvalidOperationException.</summary>
    [Theory]
    [InlineData("""{"metadata": {"annotations": {"note": "\uD800"}}}""", "a string at metadata.annotations.note holds an unpaired UTF-16 surrogate escape")]
    [InlineData("""{"metadata": {"\uDC00": 1}}""", "a string at metadata holds an unpaired UTF-16 surrogate escape")]
    public void AnUnpairedSurrogateEscape_IsInvalidData(string json, string message)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(message, Assert.Throws<InvalidDataException>(() => JsonManifestReader.Read(document.RootElement)).Message);
    }
}
