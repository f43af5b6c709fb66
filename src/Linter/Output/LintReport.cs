using CanaryGuard.Rules.Engine;

namespace CanaryGuard.Linter.Output;

/// <summary>Everything a writer needs: the findings, the counts, and the rules that were in force.</summary>
internal sealed record LintReport(AnalysisResult Result, IReadOnlyList<DiagnosticDescriptor> Descriptors, IReadOnlyList<string> Notices)
{
    /// <summary>
    /// Why the run failed (exit code 2: an input that could not be read, an invalid policy, a fix that could not be
    /// written); null when it completed. A failed run's findings are not the whole result, and no report may read as
    /// a pass (<see cref="ReportWriters.StatesFailure"/>).
    /// </summary>
    public string? Failure { get; init; }

    public int Errors => Result.Count(DiagnosticSeverity.Error);

    public int Warnings => Result.Count(DiagnosticSeverity.Warning);

    public int Infos => Result.Count(DiagnosticSeverity.Info);

    public int Suppressed => Result.Diagnostics.Count(d => d.IsSuppressed);
}

/// <summary>One output format.</summary>
internal interface IReportWriter
{
    void Write(LintReport report, TextWriter output);
}
