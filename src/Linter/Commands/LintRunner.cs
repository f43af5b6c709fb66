using CanaryGuard.Linter.Fixes;
using CanaryGuard.Linter.Inputs;
using CanaryGuard.Linter.Output;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Kustomize;

namespace CanaryGuard.Linter.Commands;

/// <summary>What <c>lint</c> was asked to do, after command-line parsing.</summary>
internal sealed record LintRequest
{
    public required IReadOnlyList<string> Paths { get; init; }

    public ReportOptions Reporting { get; init; } = new();

    public DiagnosticSeverity FailOn { get; init; } = DiagnosticSeverity.Error;

    public bool WarningsAsErrorsAll { get; init; }

    public IReadOnlySet<string> WarningsAsErrors { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> NoWarn { get; init; } = new HashSet<string>();

    public string? ConfigPath { get; init; }

    public bool Quiet { get; init; }

    /// <summary>Overrides the policy's <c>complete</c>: absence from the linted set is proof.</summary>
    public bool Complete { get; init; }

    /// <summary><c>--fix</c> or <c>--fix-only</c>.</summary>
    public bool Fix { get; init; }

    /// <summary><c>--lenient-config</c>: an invalid policy entry is a CG0006 warning and is ignored, not a failed run.</summary>
    public bool LenientConfig { get; init; }

    public FixRequest Fixing { get; init; } = new();
}

/// <summary>
/// Runs a lint: input -> parsed files -> engine -> suppressions -> writer. Exit codes: 0 nothing at or above
/// --fail-on, 1 findings at or above it, 2 usage, configuration or unreadable input.
/// </summary>
internal static class LintRunner
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Failure = 2;

    public static int Run(LintRequest request, CliIo io)
    {
        var engine = AnalysisEngine.CreateDefault();
        if (UnknownIds(engine, request.NoWarn.Concat(request.WarningsAsErrors), io))
        {
            return Failure;
        }

        if (request.ConfigPath is not null && !File.Exists(request.ConfigPath))
        {
            io.Error.WriteLine($"canaryguard: --config {request.ConfigPath}: no such file");
            return Failure;
        }

        if (FixUsageProblem(request, engine) is { } problem)
        {
            io.Error.WriteLine($"canaryguard: {problem}");
            return Failure;
        }

        var policies = new PolicyResolver(request.ConfigPath, engine.KnownIds);
        policies.LoadExplicit();
        var (inputs, result) = Analyze(request, engine, policies, io, io.Error);
        var fixWriteFailed = false;
        // Nothing is changed by a run that will fail for its policy: fixes follow the policy's settings.
        if (request.Fix && (request.LenientConfig || !policies.Problems.Any()))
        {
            (var changed, fixWriteFailed) = FixRunner.Run(result, request.Fixing, policies.PolicyFor, io);
            if (request.Fixing.DryRun)
            {
                return inputs.Errors.Count > 0 ? Failure : changed ? Findings : Clean;
            }

            // Lint again: what the fixes did not resolve, and anything they brought up, is the result. Input errors
            // were printed by the first pass.
            (inputs, result) = Analyze(request, engine, policies, io, TextWriter.Null);
        }

        var failure = FailureOf(inputs, request.LenientConfig ? [] : [.. policies.Problems], fixWriteFailed);
        var reporting = new ReportRequest(request.Reporting, request.FailOn, request.Quiet, LintReporting.SeverityOverrides(engine.Descriptors, policies.Policies, request.WarningsAsErrorsAll, request.WarningsAsErrors));
        return LintReporting.Conclude(new LintReport(result, engine.Descriptors, inputs.Notices) { Failure = failure }, reporting, policies, [.. inputs.Files.Select(f => f.Path)], io);
    }

    /// <summary>Says which of <paramref name="ids"/> (--nowarn, --warnaserror) name no rule; true when any does.</summary>
    public static bool UnknownIds(AnalysisEngine engine, IEnumerable<string> ids, CliIo io)
    {
        var unknownIds = ids.Where(id => !engine.KnownIds.Contains(id)).ToList();
        if (unknownIds.Count > 0)
        {
            io.Error.WriteLine($"canaryguard: unknown rule id(s): {string.Join(", ", unknownIds)}; 'canaryguard rules' lists them");
        }

        return unknownIds.Count > 0;
    }

    private static (CollectedInputs Inputs, AnalysisResult Result) Analyze(LintRequest request, AnalysisEngine engine, PolicyResolver policies, CliIo io, TextWriter errors)
    {
        var inputs = InputCollector.Collect(request.Paths, policies, () => io.Input);
        foreach (var error in inputs.Errors)
        {
            errors.WriteLine($"canaryguard: {error}");
        }

        var result = engine.Analyze(inputs.Files, new AnalysisOptions
        {
            Kustomize = KustomizeBuilder.Build(inputs.Files, new KustomizeFiles(Directory.GetCurrentDirectory())),
            PolicyFor = request.Complete ? path => policies.PolicyFor(path) with { Complete = true } : policies.PolicyFor,
            NoWarn = request.NoWarn,
            WarningsAsErrors = request.WarningsAsErrors,
            WarningsAsErrorsAll = request.WarningsAsErrorsAll,
        });
        result = WithPolicyProblems(result, policies, request.LenientConfig);
        (result, var unprovenNotice) = UnprovenReferences.Summarise(result);
        if (unprovenNotice is not null)
        {
            inputs = inputs with { Notices = [.. inputs.Notices, unprovenNotice] };
        }

        return (inputs, result);
    }

    /// <summary>The findings with the policy files' problems among them: errors, which fail the run (exit 2), unless lenient.</summary>
    public static AnalysisResult WithPolicyProblems(AnalysisResult result, PolicyResolver policies, bool lenient)
    {
        var configProblems = policies.Problems.Select(d => lenient ? d : d with { Severity = DiagnosticSeverity.Error }).ToList();
        return configProblems.Count == 0 ? result : result with { Diagnostics = [.. result.Diagnostics.Concat(configProblems).Order(DiagnosticOrder.Instance)] };
    }

    /// <summary>
    /// Why the run failed, for the summary of every report; null when it completed. A fix that could not be written
    /// fails the run like an unreadable input; an invalid policy does unless --lenient-config.
    /// </summary>
    public static string? FailureOf(CollectedInputs inputs, IReadOnlyList<Diagnostic> configProblems, bool fixWriteFailed)
    {
        var reasons = new List<string>();
        if (inputs.Errors.Count > 0)
        {
            reasons.Add(inputs.Errors.Count == 1 ? "1 input could not be linted" : $"{inputs.Errors.Count} inputs could not be linted");
        }

        if (configProblems.Count > 0)
        {
            var files = configProblems.Select(d => d.File).Distinct(StringComparer.Ordinal);
            reasons.Add($"the policy {string.Join(", ", files)} is invalid (CG0006; --lenient-config ignores what is invalid)");
        }

        if (fixWriteFailed)
        {
            reasons.Add("a fix could not be written");
        }

        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    /// <summary>Why the fix options cannot be honoured; null when they can (or were not given).</summary>
    private static string? FixUsageProblem(LintRequest request, AnalysisEngine engine)
    {
        if (!request.Fix)
        {
            return request.Fixing.DryRun || request.Fixing.Inline ? "--dry-run and --fix-inline go with --fix" : null;
        }

        if (request.Paths.Contains("-"))
        {
            return "--fix cannot fix standard input: there is no file to write the fixes to; lint the file itself";
        }

        var notFixable = request.Fixing.Only.Where(id => !CodeFixCatalog.FixableIds.Contains(id)).ToList();
        return notFixable.Count == 0
            ? null
            : $"--fix-only: {string.Join(", ", notFixable)} {(notFixable.Count == 1 ? "has" : "have")} no code fix{(notFixable.Any(id => !engine.KnownIds.Contains(id)) ? " (or no such rule)" : string.Empty)}; fixable: {string.Join(", ", CodeFixCatalog.FixableIds.Order(StringComparer.Ordinal))}";
    }
}
