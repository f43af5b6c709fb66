using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Tests.Infrastructure;

namespace CanaryGuard.Rules.Tests.Rules.Analysis;

/// <summary>Small edits of <see cref="Yaml.Canary"/> shared by the analysis check tests (CG1013-CG1029).</summary>
internal static class CheckYaml
{
    /// <summary>Adds fields (each line indented by two spaces, newline-terminated) at the top of spec.</summary>
    public static string WithSpec(string canary, string specFields) =>
        canary.Replace("spec:\n", "spec:\n" + specFields, StringComparison.Ordinal);

    /// <summary>Marks the <c>analysis:</c> key of the skeleton as the expected location of <paramref name="id"/>.</summary>
    public static string MarkAnalysis(string canary, string id) =>
        canary.Replace("  analysis:", "  {|" + id + ":analysis|}:", StringComparison.Ordinal);

    /// <summary>Puts a suppression comment on the line before the first line that starts with <paramref name="line"/>.</summary>
    public static string SuppressBefore(string canary, string line, string id, string reason)
    {
        var at = canary.IndexOf(line, StringComparison.Ordinal);
        var indent = line[..(line.Length - line.TrimStart().Length)];
        return canary.Insert(at, $"{indent}# canaryguard-disable-next-line {id} -- {reason}\n");
    }

    /// <summary>Asserts that the one finding of <paramref name="id"/> was suppressed by a comment with that reason.</summary>
    public static void AssertSuppressedByComment(string text, string id, string reason)
    {
        var result = RuleVerifier.Lint(text);
        var finding = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Equal(SuppressionKind.Comment, finding.Suppression?.Kind);
        Assert.Equal(reason, finding.Suppression!.Justification);
        Assert.DoesNotContain(result.Reported, d => d.Id == id);
    }
}
