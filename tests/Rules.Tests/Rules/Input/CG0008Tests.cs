using System.Diagnostics;
using System.Text;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Tests.Rules.Input;

public sealed class CG0008Tests
{
    /// <summary>Nine levels of nine aliases: 9^9 (387 million) strings once expanded.</summary>
    private static string BillionLaughs()
    {
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            text.Append($"  {level}: &{level} [").AppendJoin(",", Enumerable.Repeat($"*{previous}", 9)).Append("]\n");
        }

        return text.ToString();
    }

    [Fact]
    public void AnAliasBomb_IsRefusedQuickly_AndTheNextDocumentIsStillLinted()
    {
        var watch = Stopwatch.StartNew();
        var result = EngineTestSupport.LintFiles(("bomb.yaml", BillionLaughs() + "---\n" + EngineTestSupport.CanaryWithCG1005));
        watch.Stop();

        var refused = Assert.Single(result.Diagnostics, d => d.Id == "CG0008");
        Assert.Equal("aliases expand to more than 100000 nodes (an alias bomb?); the document is not linted", refused.Message);
        Assert.Equal(DiagnosticSeverity.Error, refused.Severity);
        Assert.Contains(result.Diagnostics, d => d.Id == "CG1005");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void NestingDeeperThan64Levels_IsRefused()
    {
        var deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + new string('[', 65) + new string(']', 65) + "\n";
        var result = EngineTestSupport.LintFiles(("deep.yaml", deep + "---\n" + EngineTestSupport.CanaryWithCG1005));

        var refused = Assert.Single(result.Diagnostics, d => d.Id == "CG0008");
        Assert.StartsWith("nesting deeper than 64 levels at data", refused.Message, StringComparison.Ordinal);
        Assert.Equal(4, refused.Span!.Value.StartLine);
        Assert.Contains(result.Diagnostics, d => d.Id == "CG1005");
    }

    [Fact]
    public void NestingOf64Levels_IsAccepted()
    {
        var file = YamlManifestReader.Read("ok.yaml", "data: " + new string('[', 64) + new string(']', 64) + "\n");
        Assert.Empty(file.Problems);
    }

    [Fact]
    public void ADocumentOverTheSizeLimit_IsRefused_AndTheOtherDocumentsAreRead()
    {
        var limits = new ParseLimits { MaxDocumentBytes = 1024 };
        var big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"  key{i}: value{i}\n"));
        var file = YamlManifestReader.Read("big.yaml", "kind: First\n---\n" + big + "---\nkind: Last\n", limits);

        var problem = Assert.Single(file.Problems);
        Assert.Equal(ParseProblemKind.Unsafe, problem.Kind);
        Assert.Matches(@"^document 2 is \d+ bytes, over the limit of 1024; it is not linted$", problem.Message);
        Assert.Equal(3, file.Documents.Count);
        Assert.Null(file.Documents[1].Root);
        Assert.NotNull(file.Documents[0].Root);
        Assert.NotNull(file.Documents[2].Root);
    }

    [Fact]
    public void ARealDocumentOver8MiB_IsRefusedByTheEngine()
    {
        // Eleven scalars of 800 KB each: over 8 MiB in one document, each under the 1 MiB scalar limit.
        var chunk = new string('x', 800_000);
        var text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n");
        for (var i = 0; i < 11; i++)
        {
            text.Append("  k").Append(i).Append(": ").Append(chunk).Append('\n');
        }

        var watch = Stopwatch.StartNew();
        var result = EngineTestSupport.LintFiles(("huge.yaml", text + "---\n" + EngineTestSupport.CanaryWithCG1005));
        watch.Stop();

        var refused = Assert.Single(result.Diagnostics, d => d.Id == "CG0008");
        Assert.Matches(@"^document 1 is \d+ bytes, over the limit of 8388608; it is not linted$", refused.Message);
        Assert.Contains(result.Diagnostics, d => d.Id == "CG1005");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void TheFinding_CannotBeSuppressed()
    {
        Assert.False(EngineDiagnostics.UnsafeInput.IsConfigurable);
        var result = EngineTestSupport.LintFiles(("bomb.yaml", "# canaryguard-disable-file CG0008 -- no effect\n" + BillionLaughs()));
        Assert.False(Assert.Single(result.Diagnostics, d => d.Id == "CG0008").IsSuppressed);
    }
    [Fact]
    public void MoreDocumentsThanTheLimit_AreRefused_AndTheFirstOnesAreRead()
    {
        var text = string.Concat(Enumerable.Range(0, 5).Select(i => $"---\nkind: K{i}\n"));
        var file = YamlManifestReader.Read("many.yaml", text, new ParseLimits { MaxDocuments = 3 });

        var problem = Assert.Single(file.Problems);
        Assert.Equal(ParseProblemKind.Unsafe, problem.Kind);
        Assert.Equal("more than 3 documents in one file; the rest is not read", problem.Message);
        Assert.Equal(7, problem.Span.StartLine);
        Assert.Equal(3, file.Documents.Count);
    }

    [Fact]
    public void TenThousandDocuments_AreTheDefaultLimit()
    {
        var text = new StringBuilder();
        for (var i = 0; i <= ParseLimits.Default.MaxDocuments; i++)
        {
            text.Append("---\n{}\n");
        }

        var file = YamlManifestReader.Read("many.yaml", text.ToString());

        Assert.Equal("more than 10000 documents in one file; the rest is not read", Assert.Single(file.Problems).Message);
        Assert.Equal(10_000, file.Documents.Count);
    }

    [Fact]
    public void AScalarOverTheLengthLimit_IsRefused_AndTheNextDocumentIsStillLinted()
    {
        var big = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + new string('x', ParseLimits.Default.MaxScalarLength + 1) + "\n";
        var result = EngineTestSupport.LintFiles(("big.yaml", big + "---\n" + EngineTestSupport.CanaryWithCG1005));

        var refused = Assert.Single(result.Diagnostics, d => d.Id == "CG0008");
        Assert.Equal("a scalar of 1048577 characters at data.blob is over the limit of 1048576", refused.Message);
        Assert.Equal(5, refused.Span!.Value.StartLine);
        Assert.Contains(result.Diagnostics, d => d.Id == "CG1005");
    }

    [Fact]
    public void AScalarOfExactlyTheLimit_IsAccepted()
    {
        var file = YamlManifestReader.Read("ok.yaml", "blob: " + new string('x', 100) + "\n", new ParseLimits { MaxScalarLength = 100 });
        Assert.Empty(file.Problems);
    }

    [Fact]
    public void AnAliasThatWouldNestPastTheDepthLimit_IsRefused()
    {
        var text = "deep: &d " + new string('[', 40) + new string(']', 40) + "\nwrapped: " + new string('[', 30) + "*d" + new string(']', 30) + "\n";
        var file = YamlManifestReader.Read("alias.yaml", text);

        var problem = Assert.Single(file.Problems);
        Assert.Equal(ParseProblemKind.Unsafe, problem.Kind);
        Assert.StartsWith("alias '*d' nests deeper than 64 levels at wrapped", problem.Message, StringComparison.Ordinal);
    }
}
