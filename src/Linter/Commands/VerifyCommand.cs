using System.CommandLine;
using CanaryGuard.Linter.Inputs;
using CanaryGuard.Linter.Output;
using CanaryGuard.Prometheus;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Kustomize;
using CanaryGuard.Rules.Policy;

namespace CanaryGuard.Linter.Commands;

/// <summary>
/// <c>canaryguard verify [PATH...] [--prometheus URL]</c>: runs every metric of every Canary against Prometheus, for
/// the primary and the canary, as Flagger will, and reports what each returns now. Each outcome is a finding (CG5001
/// to CG5009) at the query, so it is reported in every format of <c>lint</c>, configured by the same policy and
/// suppressed by the same comments.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliIo io)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders with Canaries and MetricTemplates, or - for standard input.", Arity = ArgumentArity.OneOrMore };
        var prometheus = new Option<string?>("--prometheus") { Description = "Query this Prometheus instead of each MetricTemplate's spec.provider.address." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 10 };
        var findings = new FindingCommandOptions(severityOverrides: false);
        var reporting = new ReportCommandOptions();
        var command = new Command("verify", "Run each Canary's metric checks against Prometheus now: no data, NaN, several series, query errors, and a primary that already fails its threshold.")
        {
            paths, prometheus, timeout,
        };
        foreach (var option in findings.All.Concat(reporting.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            Uri? address = null;
            if (parse.GetValue(prometheus) is { } given && !(Uri.TryCreate(given, UriKind.Absolute, out address) && address.Scheme is "http" or "https"))
            {
                io.Error.WriteLine($"canaryguard: --prometheus must be an http or https URL, not '{given}'");
                return LintRunner.Failure;
            }

            var seconds = parse.GetValue(timeout);
            if (seconds <= 0)
            {
                io.Error.WriteLine("canaryguard: --timeout must be a positive number of seconds");
                return LintRunner.Failure;
            }

            var settings = findings.Read(parse);
            var configPath = settings.ConfigPath;
            if (configPath is not null && !File.Exists(configPath))
            {
                io.Error.WriteLine($"canaryguard: --config {configPath}: no such file");
                return LintRunner.Failure;
            }

            var request = new VerifyRequest(
                parse.GetValue(paths)!,
                address,
                TimeSpan.FromSeconds(seconds),
                settings.FailOn,
                configPath,
                settings.Quiet,
                reporting.Read(parse));
            return Run(request, parse.GetValue(CanaryGuardCli.NoColor) ? io with { IsTerminal = false } : io);
        });
        return command;
    }

    private sealed record VerifyRequest(IReadOnlyList<string> Paths, Uri? Prometheus, TimeSpan Timeout, DiagnosticSeverity FailOn, string? ConfigPath, bool Quiet, ReportOptions Reporting);

    private static int Run(VerifyRequest request, CliIo io)
    {
        var engine = AnalysisEngine.CreateDefault();
        var policies = new PolicyResolver(request.ConfigPath, engine.KnownIds);
        policies.LoadExplicit();
        var inputs = InputCollector.Collect(request.Paths, policies, () => io.Input);
        foreach (var error in inputs.Errors)
        {
            io.Error.WriteLine($"canaryguard: {error}");
        }

        var defaultNamespace = inputs.Files.Count > 0 ? policies.PolicyFor(inputs.Files[0].Path).DefaultNamespace : CanaryGuardPolicy.Default.DefaultNamespace;
        // Kustomizations are built as lint builds them: a base's Canary is verified as each overlay makes it (its
        // namespace, its name prefix), and a patch file is no Canary of its own.
        var kustomize = KustomizeBuilder.Build(inputs.Files, new KustomizeFiles(Directory.GetCurrentDirectory()));
        var workspace = new Workspace(inputs.Files, defaultNamespace, isComplete: false, kustomize);
        using var http = new HttpClient { Timeout = request.Timeout };
        var verifier = new MetricVerifier(new PrometheusClient(http), request.Prometheus);
        var verified = verifier.VerifyAsync(workspace.Resources, workspace, defaultNamespace).GetAwaiter().GetResult();
        if (verified.Count == 0)
        {
            io.Error.WriteLine("canaryguard: no Canary with metrics found");
            return LintRunner.Failure;
        }

        var result = engine.Configure([.. verified.Select(v => (v.ToDiagnostic(), v.Subject))], inputs.Files, workspace.Resources.Count, new AnalysisOptions { PolicyFor = policies.PolicyFor });
        result = LintRunner.WithPolicyProblems(result, policies, lenient: false);
        var failure = LintRunner.FailureOf(inputs, [.. policies.Problems], fixWriteFailed: false);
        var reporting = new ReportRequest(request.Reporting, request.FailOn, request.Quiet, LintReporting.SeverityOverrides(engine.Descriptors, policies.Policies, warningsAsErrorsAll: false, new HashSet<string>()));
        return LintReporting.Conclude(new LintReport(result, engine.Descriptors, inputs.Notices) { Failure = failure }, reporting, policies, [.. inputs.Files.Select(f => f.Path)], io);
    }
}
