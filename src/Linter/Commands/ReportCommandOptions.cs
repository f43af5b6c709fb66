using System.CommandLine;
using CanaryGuard.Linter.Output;

namespace CanaryGuard.Linter.Commands;

/// <summary>How <c>lint</c> reports: the formats and where they go, the baseline, and format settings.</summary>
internal sealed record ReportOptions
{
    public IReadOnlyList<ReportTarget> Targets { get; init; } = [ReportTarget.Default];

    /// <summary><c>--output</c>: where the one format without its own file goes, instead of standard output.</summary>
    public string? OutputPath { get; init; }

    public bool SarifIncludeSuppressed { get; init; }

    /// <summary>The folder report paths are relative to; null for the repository root around the current folder.</summary>
    public string? SourceRoot { get; init; }

    public string? LinkBase { get; init; }

    public string? BaselinePath { get; init; }

    public string? UpdateBaselinePath { get; init; }
}

/// <summary>The options of <c>lint</c> that shape its reports (kept apart from the linting options).</summary>
internal sealed class ReportCommandOptions
{
    private readonly Option<string[]> format = new("--format", "-f")
    {
        Description = $"Output format, repeatable; FORMAT=FILE writes that format to a file (--format sarif=out.sarif --format text). Formats: {string.Join(", ", ReportWriters.Names)}.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string?> output = new("--output", "-o") { Description = "Write the report whose --format names no file to this file instead of standard output." };
    private readonly Option<bool> sarifIncludeSuppressed = new("--sarif-include-suppressed") { Description = "Keep suppressed findings in SARIF output, marked with suppressions (GitHub shows them as dismissed)." };
    private readonly Option<string?> sourceRoot = new("--source-root") { Description = "Report paths relative to this folder (default: the git repository around the current folder)." };
    private readonly Option<string?> linkBase = new("--link-base") { Description = "Markdown: prefix of links to files, e.g. https://github.com/OWNER/REPO/blob/SHA/." };
    private readonly Option<string?> baseline = new("--baseline") { Description = "Hide the findings recorded in this baseline file (default: the policy's baseline:)." };
    private readonly Option<string?> updateBaseline = new("--update-baseline") { Description = "Record the current findings in this baseline file (sorted JSON), then report as if it were the baseline." };

    private readonly bool baselines;

    /// <summary>With <paramref name="baselines"/> false the baseline options are left out (<c>audit</c> has no files to baseline).</summary>
    public ReportCommandOptions(bool baselines = true)
    {
        this.baselines = baselines;
        format.Validators.Add(result =>
        {
            var toStandardOutput = 0;
            foreach (var token in result.Tokens)
            {
                if (ReportTarget.Parse(token.Value, out var error) is not { } target)
                {
                    result.AddError(error!);
                }
                else if (target.Path is null)
                {
                    toStandardOutput++;
                }
            }

            if (toStandardOutput > 1)
            {
                result.AddError("only one --format can write to standard output (or --output); give the others a file: --format sarif=canaryguard.sarif");
            }
        });
    }

    public IEnumerable<Option> All => baselines
        ? [format, output, sarifIncludeSuppressed, sourceRoot, linkBase, baseline, updateBaseline]
        : [format, output, sarifIncludeSuppressed, linkBase];

    public ReportOptions Read(ParseResult parse)
    {
        var formats = parse.GetValue(format) ?? [];
        return new ReportOptions
        {
            Targets = formats.Length == 0 ? [ReportTarget.Default] : [.. formats.Select(f => ReportTarget.Parse(f, out _)!)],
            OutputPath = parse.GetValue(output),
            SarifIncludeSuppressed = parse.GetValue(sarifIncludeSuppressed),
            SourceRoot = baselines ? parse.GetValue(sourceRoot) : null,
            LinkBase = parse.GetValue(linkBase),
            BaselinePath = baselines ? parse.GetValue(baseline) : null,
            UpdateBaselinePath = baselines ? parse.GetValue(updateBaseline) : null,
        };
    }
}
