using System.Globalization;
using System.Text.RegularExpressions;

namespace CanaryGuard.Linter.Tests;

/// <summary>One line of text output: <c>file(line,col): severity id: message [resource]</c>; line and column are 0 for JSON input.</summary>
public sealed record TextFinding(string File, int Line, int Column, string Severity, string Id, string Message);

/// <summary>Parses the text report, so tests can assert on findings without depending on every message.</summary>
public static class TextOutput
{
    private static readonly Regex Line = new(
        @"^(?<file>.+?)(?:\((?<line>\d+),(?<col>\d+)\))?: (?<severity>error|warning|info) (?<id>CG\d{4}): (?<message>.*)$",
        RegexOptions.Multiline);

    public static IReadOnlyList<TextFinding> Findings(string output) =>
        [.. Line.Matches(output.Replace("\r", string.Empty, StringComparison.Ordinal)).Select(m => new TextFinding(
            m.Groups["file"].Value,
            Number(m.Groups["line"]),
            Number(m.Groups["col"]),
            m.Groups["severity"].Value,
            m.Groups["id"].Value,
            m.Groups["message"].Value))];

    private static int Number(Group group) =>
        group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 0;

    /// <summary>The findings of one id, as "file: severity" for compact assertions.</summary>
    public static IReadOnlyList<string> Of(string output, string id) =>
        [.. Findings(output).Where(f => f.Id == id).Select(f => $"{Path.GetFileName(f.File)}: {f.Severity}").Order(StringComparer.Ordinal)];
}
