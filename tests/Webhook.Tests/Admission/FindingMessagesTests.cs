using CanaryGuard.Rules.Engine;
using CanaryGuard.Webhook.Admission;

namespace CanaryGuard.Webhook.Tests.Admission;

public sealed class FindingMessagesTests
{
    [Fact]
    public void At_most_twenty_warnings_then_one_line_with_the_rest()
    {
        var warnings = FindingMessages.Warnings(Enumerable.Range(1, 23).Select(i => $"CG1005: warning {i}"));

        Assert.Equal(21, warnings.Count);
        Assert.Equal("CG1005: warning 20", warnings[19]);
        Assert.Equal("and 3 more", warnings[20]);
    }

    [Fact]
    public void Exactly_twenty_warnings_need_no_summary_line()
    {
        Assert.Equal(20, FindingMessages.Warnings(Enumerable.Range(1, 20).Select(i => $"CG1005: w{i}")).Count);
    }

    [Fact]
    public void A_long_warning_is_cut_at_the_last_word_that_fits_and_ends_with_an_ellipsis()
    {
        var words = "CG1005: " + string.Join(' ', Enumerable.Repeat("analysis", 30));

        var warning = Assert.Single(FindingMessages.Warnings([words]));

        Assert.True(warning.Length <= 120, warning);
        Assert.EndsWith("analysis...", warning, StringComparison.Ordinal);
        Assert.StartsWith(warning[..^3], words, StringComparison.Ordinal);
        Assert.True(warning.Length > 110, $"cut too early: {warning.Length}");
        Assert.Equal("CG1005: short", Assert.Single(FindingMessages.Warnings(["CG1005: short"])));
    }

    [Fact]
    public void A_warning_of_exactly_120_characters_is_kept_whole_and_one_word_too_long_is_cut_mid_word()
    {
        var exact = "CG1005: " + new string('x', 112);
        var oneWord = "CG1005: " + new string('x', 300);

        Assert.Equal(exact, FindingMessages.Shorten(exact));
        Assert.Equal(120, FindingMessages.Shorten(oneWord).Length);
        Assert.EndsWith("x...", FindingMessages.Shorten(oneWord), StringComparison.Ordinal);
    }

    [Fact]
    public void The_length_is_counted_in_utf8_bytes_as_the_api_server_counts_it()
    {
        var line = "CG1005: " + string.Join(' ', Enumerable.Repeat("défaut", 30));

        var warning = FindingMessages.Shorten(line);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(warning) <= 120, warning);
        Assert.EndsWith("défaut...", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_denial_lists_each_finding_with_its_path()
    {
        var descriptor = new DiagnosticDescriptor("CG1013", "t", "m", RuleCategories.Analysis, DiagnosticSeverity.Error, "d");
        Diagnostic Finding(string path, string message) => new() { Descriptor = descriptor, Severity = DiagnosticSeverity.Error, Message = message, File = "f", Path = path };

        var message = FindingMessages.Denial("Canary shop/web", DiagnosticSeverity.Error, [Finding("spec.analysis", "first"), Finding(string.Empty, "second")]);

        Assert.Equal("CanaryGuard denied Canary shop/web: 2 findings at or above error\nCG1013 spec.analysis: first\nCG1013: second", message);
    }
}
