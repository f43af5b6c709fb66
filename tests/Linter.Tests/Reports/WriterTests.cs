using System.Text.Json;
using CanaryGuard.Linter.Output;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Tests.Shared;

namespace CanaryGuard.Linter.Tests.Reports;

public sealed class GitHubWriterTests
{
    [Fact]
    public void Message_EscapesPercentAndLineBreaks()
    {
        var output = ReportBuilder.Write(new GitHubReportWriter(ReportBuilder.Context()), ReportBuilder.Report(ReportBuilder.Finding("100% of traffic\r\nat once")));
        Assert.StartsWith("::warning file=apps/web.yaml,line=3,endLine=3,col=5,endColumn=15,title=CG9999::100%25 of traffic%0D%0Aat once [shop/web]\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_AlsoEscapeColonAndComma() =>
        Assert.Equal("a%3Ab%2Cc%25d%0Ae", GitHubReportWriter.EscapeProperty("a:b,c%d\ne"));

    [Fact]
    public void File_WithColonAndComma_IsEscapedInTheFileProperty()
    {
        var output = ReportBuilder.Write(new GitHubReportWriter(ReportBuilder.Context()), ReportBuilder.Report(ReportBuilder.Finding("m", file: "a:b,c.yaml")));
        Assert.Contains("file=a%3Ab%2Cc.yaml,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EachLevel_IsCappedAtTen_WithANoticeForTheRest()
    {
        var findings = Enumerable.Range(1, 12).Select(i => ReportBuilder.Finding($"warning {i}", line: i))
            .Concat(Enumerable.Range(20, 3).Select(i => ReportBuilder.Finding($"error {i}", DiagnosticSeverity.Error, line: i)))
            .ToArray();
        var lines = ReportBuilder.Write(new GitHubReportWriter(ReportBuilder.Context()), ReportBuilder.Report(findings)).ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(10, lines.Count(l => l.StartsWith("::warning ", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(l => l.StartsWith("::error ", StringComparison.Ordinal)));
        Assert.Contains("::notice title=CanaryGuard::2 more warnings not shown as annotations (GitHub shows 10 per level); see the full report in the job log or the SARIF upload", lines);
    }

    [Fact]
    public void FindingWithoutSpan_HasFileButNoLine()
    {
        var output = ReportBuilder.Write(new GitHubReportWriter(ReportBuilder.Context()), ReportBuilder.Report(ReportBuilder.Finding("m", line: null)));
        Assert.StartsWith("::warning file=apps/web.yaml,title=CG9999::m", output, StringComparison.Ordinal);
    }
}

public sealed class MarkdownWriterTests
{
    [Fact]
    public void Links_UseTheLinkBaseAndLineAnchor()
    {
        var context = ReportBuilder.Context() with { LinkBase = "https://github.com/o/r/blob/abc/" };
        var output = ReportBuilder.Write(new MarkdownReportWriter(context), ReportBuilder.Report(ReportBuilder.Finding("m")));
        Assert.Contains("[line 3](https://github.com/o/r/blob/abc/apps/web.yaml#L3)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void InfoFindings_AreCollapsed_AndTheVerdictPasses()
    {
        var output = ReportBuilder.Write(new MarkdownReportWriter(ReportBuilder.Context()), ReportBuilder.Report(ReportBuilder.Finding("just so you know", DiagnosticSeverity.Info)));
        Assert.Contains("<details><summary>1 info finding</summary>", output, StringComparison.Ordinal);
        Assert.Contains(":white_check_mark: **Passed** with 1 finding below `error`.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageMarkup_IsEscaped()
    {
        var output = ReportBuilder.Write(new MarkdownReportWriter(ReportBuilder.Context()), ReportBuilder.Report(ReportBuilder.Finding("a <b> | *c*")));
        Assert.Contains("a &lt;b&gt; \\| \\*c\\*", output, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeReport_IsTruncatedUnderTheCommentLimit_WithANote()
    {
        var findings = Enumerable.Range(1, 2000).Select(i => ReportBuilder.Finding($"finding number {i} with a long enough message to fill the comment quickly", line: i)).ToArray();
        var output = ReportBuilder.Write(new MarkdownReportWriter(ReportBuilder.Context()), ReportBuilder.Report(findings));
        Assert.True(output.Length <= MarkdownReportWriter.MaxLength, $"{output.Length} characters");
        Assert.True(output.Length > MarkdownReportWriter.MaxLength - 5000, $"only {output.Length} characters used");
        Assert.Matches(@"> \*\*Truncated:\*\* \d+ more findings not shown", output);
        Assert.Contains("| [CG9999]", output, StringComparison.Ordinal);
        Assert.Contains("| 0 | 2000 | 0 |", output, StringComparison.Ordinal);
    }
}

public sealed class SarifWriterTests
{
    [SharedDataFact]
    public void FindingWithoutSpan_HasNoRegion()
    {
        var output = ReportBuilder.Write(new SarifReportWriter(ReportBuilder.Context()), ReportBuilder.Report(ReportBuilder.Finding("m", line: null)));
        using var document = JsonDocument.Parse(output);
        var physical = document.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("apps/web.yaml", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.False(physical.TryGetProperty("region", out _));

        using var folder = new TempFolder();
        SchemaValidator.AssertValid(SchemaValidator.Sarif, folder.Write("spanless.sarif", output));
    }

    [Fact]
    public void Fingerprint_DoesNotDependOnTheLine()
    {
        string Fingerprint(int line)
        {
            var output = ReportBuilder.Write(new SarifReportWriter(ReportBuilder.Context()), ReportBuilder.Report(ReportBuilder.Finding("m", line: line)));
            using var document = JsonDocument.Parse(output);
            return document.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("partialFingerprints").GetProperty("primaryLocationLineHash").GetString()!;
        }

        Assert.Equal(Fingerprint(3), Fingerprint(30));
        Assert.Matches("^[0-9a-f]{32}$", Fingerprint(3));
    }

    [Fact]
    public void SuppressedFindings_AreLeftOut_UnlessIncluded()
    {
        var suppressed = ReportBuilder.Finding("m") with { Suppression = new Suppression(SuppressionKind.Baseline, "recorded in the baseline b.json") };
        var report = ReportBuilder.Report(suppressed);
        using var without = JsonDocument.Parse(ReportBuilder.Write(new SarifReportWriter(ReportBuilder.Context()), report));
        Assert.Equal(0, without.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());

        using var with = JsonDocument.Parse(ReportBuilder.Write(new SarifReportWriter(ReportBuilder.Context() with { IncludeSuppressed = true }), report));
        var suppression = with.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("suppressions")[0];
        Assert.Equal("external", suppression.GetProperty("kind").GetString());
        Assert.Equal("recorded in the baseline b.json", suppression.GetProperty("justification").GetString());
    }

    [Fact]
    public void WarnAsError_IsAConfigurationOverride()
    {
        using var folder = new TempFolder();
        var input = folder.Write("c.yaml", "apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: {name: web}\nspec: {analysis: {maxWeight: 50, stepWeight: 60}}\n");
        var sarif = Path.Combine(folder.Path, "out.sarif");
        CliRunner.Run("lint", input, "--warnaserror:CG1005", "--format", $"sarif={sarif}");
        using var document = JsonDocument.Parse(File.ReadAllText(sarif));
        var overrides = document.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("ruleConfigurationOverrides");
        var single = Assert.Single(overrides.EnumerateArray());
        Assert.Equal("CG1005", single.GetProperty("descriptor").GetProperty("id").GetString());
        Assert.Equal("error", single.GetProperty("configuration").GetProperty("level").GetString());
    }
}

public sealed class JsonWriterTests
{
    [Fact]
    public void ManyFindings_GoOutInPieces_AsOneDocument_WithEveryCharacterIntact()
    {
        // Far more than one piece (32 KiB), with characters of two, three and four UTF-8 bytes in every message.
        var findings = Enumerable.Range(1, 2_000)
            .Select(i => ReportBuilder.Finding($"finding {i}: café, ü, 日本, 😀 'stepWeight' \"{i}\"", line: i))
            .ToArray();

        var output = ReportBuilder.Write(new JsonReportWriter(), ReportBuilder.Report(findings));

        Assert.True(output.Length > 10 * 32 * 1024, $"only {output.Length} characters: one piece would do");
        using var document = JsonDocument.Parse(output);
        var diagnostics = document.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(findings.Length, diagnostics.Count);
        Assert.Equal(findings.Select(f => f.Message), diagnostics.Select(d => d.GetProperty("message").GetString()));
        Assert.Equal(Enumerable.Range(1, 2_000), diagnostics.Select(d => d.GetProperty("line").GetInt32()));
        Assert.Equal(2_000, document.RootElement.GetProperty("summary").GetProperty("warnings").GetInt32());
        // As the relaxed encoder writes them: letters as they are, a character beyond the first plane as its escapes.
        Assert.Contains("\"finding 7: café, ü, 日本, \\uD83D\\uDE00 'stepWeight' \\\"7\\\"\"", output, StringComparison.Ordinal);
        Assert.EndsWith("}" + Environment.NewLine, output, StringComparison.Ordinal);
    }
}
