using CanaryGuard.Linter.Lsp.Protocol;

namespace CanaryGuard.Linter.Tests.Lsp;

/// <summary>LSP positions in each negotiable encoding, over text with 2-, 3- and 4-byte characters and CRLF.</summary>
public sealed class TextPositionsTests
{
    // 'é' is 1 UTF-16 unit and 2 UTF-8 bytes; '金' 1 unit, 3 bytes; '🐤' 2 units (a surrogate pair), 4 bytes, 1 code point.
    private const string Text = "a: 1\r\nb: \"é金🐤\", c: 2\nlast";

    [Theory]
    [InlineData("utf-16", 8)]
    [InlineData("utf-8", 13)]
    [InlineData("utf-32", 7)]
    public void AColumnAfterNonAsciiText_CountsTheEncodingsUnits(string encoding, int character)
    {
        var positions = new TextPositions(Text, TextPositions.Negotiate([encoding]));
        var offset = Text.IndexOf(", c", StringComparison.Ordinal) - 1; // the closing quote

        Assert.Equal(new Position(1, character), positions.PositionOf(offset));
        Assert.Equal(offset, positions.OffsetOf(new Position(1, character)));
    }

    [Fact]
    public void EngineColumns_AreUtf16Offsets_AndTheCrBelongsToTheLineBreak()
    {
        var positions = new TextPositions(Text, PositionEncodingKind.Utf16);

        Assert.Equal(Text.IndexOf("c:", StringComparison.Ordinal), positions.OffsetOf(2, 12));
        Assert.Equal(4, positions.LineEnd(0));
        Assert.Equal(new Position(2, 0), positions.PositionOf(Text.IndexOf("last", StringComparison.Ordinal)));
    }

    [Fact]
    public void PositionsPastALineOrTheText_AreClamped()
    {
        var positions = new TextPositions(Text, PositionEncodingKind.Utf16);

        Assert.Equal(4, positions.OffsetOf(new Position(0, 99)));
        Assert.Equal(Text.Length, positions.OffsetOf(new Position(9, 0)));
        Assert.Equal(Text.Length, positions.OffsetOf(4, 1)); // YamlDotNet's end of a stream: the line after the last
        Assert.Equal(Text.Length, positions.OffsetOf(99, 1));
    }

    [Theory]
    [InlineData(null, "utf-16")]
    [InlineData(new[] { "utf-8", "utf-16" }, "utf-16")]
    [InlineData(new[] { "utf-32", "utf-8" }, "utf-32")]
    [InlineData(new[] { "latin-1" }, "utf-16")]
    public void Negotiation_PrefersUtf16_ElseTheClientsFirstKnownChoice(string[]? offered, string expected) =>
        Assert.Equal(expected, TextPositions.Name(TextPositions.Negotiate(offered)));
}
