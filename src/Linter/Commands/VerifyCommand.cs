using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CanaryGuard.Linter.Inputs;
using CanaryGuard.Prometheus;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Linter.Commands;

/// <summary>
/// <c>canaryguard verify [PATH...] [--prometheus URL]</c>: runs every metric of every Canary against Prometheus, for
/// the primary and the canary, as Flagger will, and reports what each returns now.
/// </summary>
internal static class VerifyCommand
{
    private static readonly string[] Formats = ["text", "json"];

    public static Command Create(CliIo io)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders with Canaries and MetricTemplates, or - for standard input.", Arity = ArgumentArity.OneOrMore };
        var prometheus = new Option<string?>("--prometheus") { Description = "Query this Prometheus instead of each MetricTemplate's spec.provider.address." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each answer.", DefaultValueFactory = _ => 10 };
        var format = new Option<string>("--format", "-f") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Formats);
        var config = new Option<string?>("--config", "-c") { Description = "Use this policy file instead of finding .canaryguard.yaml." };
        var command = new Command("verify", "Run each Canary's metric checks against Prometheus now: no data, NaN, several series, query errors, and a primary that already fails its threshold.")
        {
            paths, prometheus, timeout, format, config,
        };
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

            var policies = new PolicyResolver(parse.GetValue(config), AnalysisEngine.CreateDefault().KnownIds);
            var inputs = InputCollector.Collect(parse.GetValue(paths)!, policies, () => io.Input);
            foreach (var error in inputs.Errors)
            {
                io.Error.WriteLine($"canaryguard: {error}");
            }

            var resources = inputs.Files.SelectMany(KubernetesResource.FromFile).ToList();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(seconds) };
            var verifier = new MetricVerifier(new PrometheusClient(http), address);
            var results = verifier.VerifyAsync(resources, "default").GetAwaiter().GetResult();
            if (results.Count == 0)
            {
                io.Error.WriteLine("canaryguard: no Canary with metrics found");
                return LintRunner.Failure;
            }

            if (parse.GetValue(format) == "json")
            {
                WriteJson(results, io.Output);
            }
            else
            {
                WriteText(results, io.Output);
            }

            return inputs.Errors.Count > 0 ? LintRunner.Failure : results.Any(r => r.IsProblem) ? LintRunner.Findings : LintRunner.Clean;
        });
        return command;
    }

    private static void WriteText(IReadOnlyList<MetricVerification> results, TextWriter output)
    {
        foreach (var result in results)
        {
            var mark = result.IsProblem ? "FAIL" : result.Outcome == VerificationOutcome.NotVerified ? "SKIP" : "ok  ";
            output.WriteLine($"{mark} {result.Canary} {result.Metric} [{result.Workload}]: {Describe(result.Outcome)}: {result.Detail}");
        }

        output.WriteLine($"{results.Count(r => r.IsProblem)} problem(s), {results.Count(r => r.Outcome == VerificationOutcome.NotVerified)} not verified, {results.Count} check(s)");
    }

    private static void WriteJson(IReadOnlyList<MetricVerification> results, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var result in results)
            {
                json.WriteStartObject();
                json.WriteString("canary", result.Canary);
                json.WriteString("metric", result.Metric);
                json.WriteString("workload", result.Workload);
                json.WriteString("outcome", JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString()));
                json.WriteBoolean("problem", result.IsProblem);
                if (result.Value is { } value && double.IsFinite(value))
                {
                    json.WriteNumber("value", value);
                }
                else if (result.Value is { } special)
                {
                    json.WriteString("value", special.ToString(CultureInfo.InvariantCulture));
                }

                json.WriteString("detail", result.Detail);
                if (result.Query is { } query)
                {
                    json.WriteString("query", query);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string Describe(VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.Passes => "passes",
        VerificationOutcome.FailsThreshold => "fails its threshold",
        VerificationOutcome.NoData => "no data",
        VerificationOutcome.NotANumber => "NaN",
        VerificationOutcome.SeveralSeries => "several series",
        VerificationOutcome.QueryError => "query error",
        VerificationOutcome.Unreachable => "Prometheus unreachable",
        _ => "not verified",
    };
}
