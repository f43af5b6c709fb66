using CanaryGuard.Linter.Fixes;

namespace CanaryGuard.Linter.Tests.Fixes;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void ChangesFarApart_AreSeparateHunks_WithThreeLinesOfContext()
    {
        var before = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));
        var after = before.Replace("line 2\n", "line two\n", StringComparison.Ordinal).Replace("line 18\n", string.Empty, StringComparison.Ordinal);

        var diff = UnifiedDiff.Create("f.yaml", before, after, isNew: false);

        Assert.Equal(
            """
            --- a/f.yaml
            +++ b/f.yaml
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +line two
             line 3
             line 4
             line 5
            @@ -15,6 +15,5 @@
             line 15
             line 16
             line 17
            -line 18
             line 19
             line 20

            """,
            diff);
    }

    [Fact]
    public void NewFile_IsDiffedAgainstDevNull()
    {
        Assert.Equal("--- /dev/null\n+++ b/web.canary.yaml\n@@ -0,0 +1,2 @@\n+kind: Canary\n+spec: {}\n", UnifiedDiff.Create("web.canary.yaml", string.Empty, "kind: Canary\nspec: {}\n", isNew: true));
    }

    [Fact]
    public void CrlfLines_DiffWithoutTheirCarriageReturns_AndAMissingFinalLineBreakIsMarked()
    {
        var diff = UnifiedDiff.Create("f.yaml", "a: 1\r\nb: 2", "a: 1\r\nb: 3", isNew: false);

        Assert.Equal("--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n\\ No newline at end of file\n+b: 3\n\\ No newline at end of file\n", diff);
    }
}
