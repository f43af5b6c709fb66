using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Tests.Model;

/// <summary>A node packs its key's and its own traits into one field; each must come back as it went in.</summary>
public sealed class ManifestNodeTests
{
    public static TheoryData<ScalarStyle, ScalarStyle, ScalarKind> EveryTrait()
    {
        var data = new TheoryData<ScalarStyle, ScalarStyle, ScalarKind>();
        foreach (var keyStyle in Enum.GetValues<ScalarStyle>())
        {
            foreach (var style in Enum.GetValues<ScalarStyle>())
            {
                foreach (var kind in Enum.GetValues<ScalarKind>())
                {
                    data.Add(keyStyle, style, kind);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTrait))]
    public void ScalarNode_KeepsItsStyleKindAndKeyStyle(ScalarStyle keyStyle, ScalarStyle style, ScalarKind kind)
    {
        var lines = LineMap.Of("f.yaml", "key: value\n");
        var value = new ScalarNode("key", lines, new TextRange(5, 10), new KeyRange(new TextRange(0, 3), keyStyle), "value", style, kind);
        var entry = new MappingEntry("key", value);

        Assert.Equal((style, kind, keyStyle), (value.Style, value.Kind, entry.KeyStyle));
        Assert.Equal(new SourceSpan("f.yaml", 1, 1, 1, 4), value.KeySpan);
        Assert.Equal(new SourceSpan("f.yaml", 1, 6, 1, 11), value.Span);
    }

    [Fact]
    public void KeyTooLongToKeepItsPlace_LeavesFindingsAtTheValue()
    {
        var key = new string('k', 9 * 1024 * 1024);
        var text = key + ": v\n";
        var value = new ScalarNode("x", LineMap.Of("f.yaml", text), new TextRange(key.Length + 2, key.Length + 3), new KeyRange(new TextRange(0, key.Length), ScalarStyle.DoubleQuoted), "v", ScalarStyle.Plain, ScalarKind.String);

        Assert.Null(value.KeySpan);
        Assert.Equal(ScalarStyle.DoubleQuoted, new MappingEntry(key, value).KeyStyle);
        Assert.Equal(value.Span, value.Location);
        Assert.Equal((1, key.Length + 3), (value.Span!.Value.StartLine, value.Span.Value.StartColumn));
    }
}
