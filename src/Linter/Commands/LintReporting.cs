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
    /// Records the baseline when asked (<c>--update-baseline</c>), then hides the findings of the baseline in force:
    /// the updated one, else <c>--baseline</c>, else the policies' <c>baseline:</c> files.
    /// A baseline that cannot be read is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static AnalysisResult ApplyBaselines(AnalysisResult result, ReportOptions options, PolicyResolver policies)
    {
        List<BaselineFile> baselines;
        if (options.UpdateBaselinePath is { } update)
        {
            var recorded = BaselineFile.FromFindings(update, result.Diagnostics);
            recorded.Save();
            baselines = [recorded];
        }
        else if (options.BaselinePath is { } explicitPath)
        {
            baselines = [BaselineFile.Load(explicitPath)];
        }
        else
        {
            baselines = [.. policies.Policies
                .Where(p => p.Baseline is not null && p.SourcePath is not null)
                .Select(p => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(p.SourcePath!))!, p.Baseline!))
                .Distinct(StringComparer.Ordinal)
                .Select(BaselineFile.Load)];
        }

        return BaselineFilter.Apply(result, baselines);
    }

    /// <summary>Writes each format to its file, or to standard output (<c>--output</c> if given).</summary>
    public static void Write(LintReport report, ReportContext context, ReportOptions options, CliIo io, bool quiet)
    {
        foreach (var target in options.Targets)
        {
            var path = target.Path ?? options.OutputPath;
            var writer = ReportWriters.Create(target.Format, colour: path is null && io.IsTerminal, quiet, context);
            if (path is null)
            {
                writer.Write(report, io.Output);
            }
            else
            {
                using var file = new StreamWriter(path);
                writer.Write(report, file);
            }
        }
    }

    /// <summary>
    /// The rules whose severity this run changed from their default: by a policy (<c>rules:</c>, <c>categories:</c>)
    /// or by <c>--warnaserror</c>. One entry per distinct (rule, severity) across the policies in force.
    /// </summary>
    public static IReadOnlyList<SeverityOverride> SeverityOverrides(
        IReadOnlyList<DiagnosticDescriptor> descriptors, IEnumerable<CanaryGuardPolicy> policies, LintRequest request)
    {
        var inForce = policies.DefaultIfEmpty(CanaryGuardPolicy.Default).ToList();
        return [.. descriptors
            .SelectMany(d => inForce.Select(p => new SeverityOverride(d, Promote(d, p.EffectiveSeverity(d, d.DefaultSeverity), request))))
            .Where(o => o.Severity != DefaultLevel(o.Descriptor))
            .Distinct()];
    }

    private static DiagnosticSeverity DefaultLevel(DiagnosticDescriptor descriptor) =>
        descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity : DiagnosticSeverity.None;

    private static DiagnosticSeverity Promote(DiagnosticDescriptor descriptor, DiagnosticSeverity severity, LintRequest request) =>
        severity == DiagnosticSeverity.Warning && (request.WarningsAsErrorsAll || request.WarningsAsErrors.Contains(descriptor.Id))
            ? DiagnosticSeverity.Error
            : severity;
}
