using CanaryGuard.Linter.Baseline;
using CanaryGuard.Linter.Inputs;
using CanaryGuard.Linter.Output;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Commands;

/// <summary>The reporting half of <c>lint</c>: baselines, then every requested format to its destination.</summary>
internal static class LintReporting
{
    /// <summary>
    /// Ends a run that produced <paramref name="report"/>: hides the baseline's findings, writes every requested format,
    /// and returns the exit code (2 when the run failed or a report could not be written, 1 for a finding at or above
    /// --fail-on, else 0). <paramref name="inputs"/> are the files read, for baselines and the formats that list them.
    /// </summary>
    public static int Conclude(LintReport report, ReportRequest request, PolicyResolver policies, IReadOnlyList<string> inputs, CliIo io)
    {
        var result = report.Result;
        try
        {
            result = ApplyBaselines(result, request.Options, policies, inputs, report.Failure, io);
            var context = new ReportContext
            {
                SourceRoot = Path.GetFullPath(request.Options.SourceRoot ?? ReportContext.FindSourceRoot(Directory.GetCurrentDirectory())),
                Files = inputs,
                SeverityOverrides = request.SeverityOverrides,
                FailOn = request.FailOn,
                IncludeSuppressed = request.Options.SarifIncludeSuppressed,
                LinkBase = request.Options.LinkBase,
                FieldPathLocations = request.FieldPathLocations,
            };
            Write(report with { Result = result }, context, request.Options, io, request.Quiet);
        }
        catch (ReportException exception)
        {
            io.Error.WriteLine($"canaryguard: {exception.Message}");
            return LintRunner.Failure;
        }

        if (report.Failure is not null)
        {
            return LintRunner.Failure;
        }

        return request.FailOn != DiagnosticSeverity.None && result.Reported.Any(d => d.Severity >= request.FailOn) ? LintRunner.Findings : LintRunner.Clean;
    }

    /// <summary>
    /// Records the baseline when asked (<c>--update-baseline</c>), then hides the findings of the baseline in force:
    /// the updated one, else <c>--baseline</c>, else the policies' <c>baseline:</c> files. A failed run
    /// (<paramref name="failure"/>) never rewrites a baseline: what it did not read would be dropped from it.
    /// A baseline that cannot be read or written is a <see cref="ReportException"/>.
    /// </summary>
    public static AnalysisResult ApplyBaselines(AnalysisResult result, ReportOptions options, PolicyResolver policies, IReadOnlyList<string> lintedFiles, string? failure, CliIo io)
    {
        try
        {
            return BaselineFilter.Apply(result, Baselines(result, options, policies, lintedFiles, failure, io));
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ReportException(exception.Message, exception);
        }
    }

    /// <summary>
    /// Writes each format to its file, or to standard output (<c>--output</c> if given); a file that cannot be written
    /// is a <see cref="ReportException"/>. A failed run is written only in the formats that say so
    /// (<see cref="ReportWriters.StatesFailure"/>); a report file of another format from an earlier run is removed,
    /// so nothing on disk reads as this run's clean result.
    /// </summary>
    public static void Write(LintReport report, ReportContext context, ReportOptions options, CliIo io, bool quiet)
    {
        foreach (var target in options.Targets)
        {
            var path = target.Path ?? options.OutputPath;
            if (report.Failure is not null && !ReportWriters.StatesFailure(target.Format))
            {
                if (path is not null)
                {
                    DeleteStale(path);
                }

                io.Error.WriteLine($"canaryguard: the {target.Format} report{(path is null ? string.Empty : $" ({path})")} was not written: the run failed");
                continue;
            }

            var writer = ReportWriters.Create(target.Format, colour: path is null && io.IsTerminal, quiet, context);
            if (path is null)
            {
                writer.Write(report, io.Output);
                continue;
            }

            try
            {
                using var file = new StreamWriter(path);
                writer.Write(report, file);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new ReportException($"cannot write the {target.Format} report to {path}: {exception.Message}", exception);
            }
        }
    }

    private static void DeleteStale(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ReportException($"cannot remove the report {path} of an earlier run: {exception.Message}", exception);
        }
    }

    private static List<BaselineFile> Baselines(AnalysisResult result, ReportOptions options, PolicyResolver policies, IReadOnlyList<string> lintedFiles, string? failure, CliIo io)
    {
        if (options.UpdateBaselinePath is { } update)
        {
            if (failure is not null)
            {
                io.Error.WriteLine($"canaryguard: the baseline {update} was not updated: the run failed");
                return File.Exists(update) ? [BaselineFile.Load(update)] : [];
            }

            var recorded = BaselineFile.Update(update, result.Diagnostics, lintedFiles);
            recorded.Save();
            return [recorded];
        }

        if (options.BaselinePath is { } explicitPath)
        {
            return [BaselineFile.Load(explicitPath)];
        }

        return [.. policies.Policies
            .Where(p => p.Baseline is not null && p.SourcePath is not null)
            .Select(p => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(p.SourcePath!))!, p.Baseline!))
            .Distinct(StringComparer.Ordinal)
            .Select(BaselineFile.Load)];
    }

    /// <summary>
    /// The rules whose severity this run changed from their default: by a policy (<c>rules:</c>, <c>categories:</c>)
    /// or by <c>--warnaserror</c>. One entry per distinct (rule, severity) across the policies in force.
    /// </summary>
    public static IReadOnlyList<SeverityOverride> SeverityOverrides(
        IReadOnlyList<DiagnosticDescriptor> descriptors, IEnumerable<CanaryGuardPolicy> policies, bool warningsAsErrorsAll, IReadOnlySet<string> warningsAsErrors)
    {
        var inForce = policies.DefaultIfEmpty(CanaryGuardPolicy.Default).ToList();
        return [.. descriptors
            .SelectMany(d => inForce.Select(p => new SeverityOverride(d, Promote(d, p.EffectiveSeverity(d, d.DefaultSeverity), warningsAsErrorsAll, warningsAsErrors))))
            .Where(o => o.Severity != DefaultLevel(o.Descriptor))
            .Distinct()];
    }

    private static DiagnosticSeverity DefaultLevel(DiagnosticDescriptor descriptor) =>
        descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity : DiagnosticSeverity.None;

    private static DiagnosticSeverity Promote(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, bool warningsAsErrorsAll, IReadOnlySet<string> warningsAsErrors) =>
        severity == DiagnosticSeverity.Warning && (warningsAsErrorsAll || warningsAsErrors.Contains(descriptor.Id))
            ? DiagnosticSeverity.Error
            : severity;
}

/// <summary>How a run reports: the formats and their files, the exit-code threshold, and the severities it changed.</summary>
/// <param name="FieldPathLocations">The findings are at objects, not file lines (<c>audit</c>, <see cref="ReportContext.FieldPathLocations"/>).</param>
internal sealed record ReportRequest(ReportOptions Options, DiagnosticSeverity FailOn, bool Quiet, IReadOnlyList<SeverityOverride> SeverityOverrides, bool FieldPathLocations = false);

/// <summary>A baseline or report file that cannot be read or written: a usage error (exit code 2), not a crash.</summary>
internal sealed class ReportException : Exception
{
    public ReportException()
    {
    }

    public ReportException(string message)
        : base(message)
    {
    }

    public ReportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
