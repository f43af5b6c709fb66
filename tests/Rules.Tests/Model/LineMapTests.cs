using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Tests.Fuzz;
using CanaryGuard.Tests.Shared;
using YamlDotNet.Core;

namespace CanaryGuard.Rules.Tests.Model;

/// <summary>
/// Nodes keep offsets and the line map turns them into the lines and columns findings report, so the map must give
/// exactly what YamlDotNet reports, wherever it reports it: checked here against every mark of every event YamlDotNet
/// produces for real manifests, their fuzz mutants and texts with every kind of line break.
/// </summary>
public sealed class LineMapTests
{
    private const int DefaultMutantCases = 2_000;

    [Theory]
    [InlineData("a: b\n")]
    [InlineData("a: b")]
    [InlineData("")]
    [InlineData("# only a comment")]
    [InlineData("a: b\r\nc: d\r\n")]
    [InlineData("a: b\rc: d")]
    [InlineData("a: x\u0085b: c")]
    [InlineData("a: b\u2028c: d\u2029e: f\n")]
    [InlineData("a: |\n  x\n  y")]
    [InlineData("a: |\r\n  x\r\n\r\n")]
    [InlineData("a: >\n  x\n\n  y\n\n\n")]
    [InlineData("\uFEFFa: b\n")]
    [InlineData("a: 'multi\n  line'\nb: \"x\\\n  y\"\n")]
    [InlineData("a: [\n 1,\n 2]\n")]
    [InlineData("? |\n  k\n: v\n")]
    [InlineData("a: &x {k: 1}\nb: *x\n")]
    [InlineData("a: b\n...\n---\nc: d")]
    [InlineData("k: \U0001F600 \t# c\n")]
    public void Positions_AreYamlDotNets_ForEdgeTexts(string text)
    {
        Assert.True(AssertPositionsAreYamlDotNets("edge.yaml", text) > 0);
    }

    [SharedDataFact]
    public void Positions_AreYamlDotNets_ForRealManifestsAndTheirMutants()
    {
        var seeds = FuzzTests.SeedManifests();
        var compared = seeds.Sum(seed => AssertPositionsAreYamlDotNets(seed.Name, seed.Text));
        var cases = FuzzTests.CaseCount(DefaultMutantCases);
        for (var i = 0; i < cases; i++)
        {
            var (name, text) = seeds[i % seeds.Count];
            compared += AssertPositionsAreYamlDotNets($"mutant {i} of {name}", new ManifestMutator(i).Mutate(text));
        }

        // Every seed yields hundreds of events; a parser that stopped early would compare next to nothing.
        Assert.True(compared > seeds.Count * 100, $"only {compared} positions compared");
    }

    [Fact]
    public void Span_CountsLinesAndColumnsFromOne_EndExclusive()
    {
        var lines = LineMap.Of("f.yaml", "ab: c\nde: fgh\n");

        Assert.Equal(new SourceSpan("f.yaml", 2, 5, 2, 8), lines.Span(10, 13));
        Assert.Equal(new SourceSpan("f.yaml", 1, 1, 1, 1), lines.Span(0, 0));
        Assert.Equal((3, 1), lines.Position(14));
    }

    [Fact]
    public void EndOfInput_IsTheLineAfterTheLast_WithOrWithoutAFinalBreak()
    {
        Assert.Equal((2, 1), LineMap.Of("f.yaml", "a: b\n").Position(LineMap.Of("f.yaml", "a: b\n").EndOfInput));

        var unterminated = LineMap.Of("f.yaml", "a: b");
        Assert.Equal((1, 5), unterminated.Position(4));
        Assert.Equal((2, 1), unterminated.Position(unterminated.EndOfInput));
        Assert.Equal(unterminated.EndOfInput, unterminated.OffsetOf(4, 2, 1));
        Assert.Equal(4, unterminated.OffsetOf(4, 1, 5));
    }

    /// <summary>Compares every position YamlDotNet reports for <paramref name="text"/>; returns how many.</summary>
    private static int AssertPositionsAreYamlDotNets(string name, string text)
    {
        var lines = LineMap.Of(name, text);
        var parser = new Parser(new StringReader(text));
        var marks = 0;
        try
        {
            while (parser.MoveNext())
            {
                foreach (var mark in new[] { parser.Current!.Start, parser.Current.End })
                {
                    AssertSame(mark);
                    marks++;
                }
            }
        }
        catch (YamlException error)
        {
            AssertSame(error.Start);
            marks++;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's own failures on some broken input (the reader reports them at the last event read).
        }

        return marks;

        void AssertSame(Mark mark)
        {
            var position = lines.Position(lines.OffsetOf(mark.Index, mark.Line, mark.Column));
            Assert.True(
                position == ((int)mark.Line, (int)mark.Column),
                $"{name}: YamlDotNet reports ({mark.Line},{mark.Column}) at index {mark.Index}, the line map {position}");
        }
    }
}
