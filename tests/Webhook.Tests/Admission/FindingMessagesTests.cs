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
    public void Long_warnings_are_cut_below_120_characters()
    {
        var warning = Assert.Single(FindingMessages.Warnings(["CG1005: " + new string('x', 300)]));

        Assert.Equal(119, warning.Length);
        Assert.EndsWith("...", warning, StringComparison.Ordinal);
        Assert.Equal("CG1005: short", Assert.Single(FindingMessages.Warnings(["CG1005: short"])));
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
