using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryGuard.Rules.Planning;

namespace CanaryGuard.Linter.Plan;

/// <summary>Writes rollout plans as text (with a weight chart), JSON or Markdown (for pull-request comments).</summary>
internal static class PlanWriters
{
    public static string[] Names { get; } = ["text", "json", "markdown"];

    public static void Write(IReadOnlyList<RolloutPlan> plans, string format, TextWriter output)
    {
        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(plans.Select(ToJson).ToList(), PlanJsonContext.Default.ListJsonPlan));
                break;
            case "markdown":
                foreach (var plan in plans)
                {
                    WriteMarkdown(plan, output);
                }

                break;
            default:
                foreach (var plan in plans)
                {
                    WriteText(plan, output);
                }

                break;
        }
    }

    private static string Headline(RolloutPlan plan) => string.Create(
        CultureInfo.InvariantCulture,
        $"Canary {plan.Canary} ({plan.File}): {Describe(plan)}, provider {plan.Provider}, interval {RolloutPlanner.Format(plan.Interval)}, threshold {plan.Threshold}");

    private static string Verdict(RolloutPlan plan) => plan.Promotes
        ? string.Create(CultureInfo.InvariantCulture, $"Minimum analysis: {plan.Analyses} analyses, {RolloutPlanner.Format(plan.MinimumAnalysisTime)}; promotion {RolloutPlanner.Format(plan.TimeToPromotion)} after the new revision is detected.")
        : "This Canary never promotes: its weight cannot reach maxWeight.";

    private static string Failing(RolloutPlan plan)
    {
        var failing = plan.Failing;
        return failing.Detected
            ? string.Create(CultureInfo.InvariantCulture, $"A canary that fails every check is rolled back {RolloutPlanner.Format(failing.TimeToRollback)} after detection, having served up to {failing.ExposedWeight}% of traffic ({failing.TrafficMinutesExposed:0.##} traffic-minutes exposed).")
            : string.Create(CultureInfo.InvariantCulture, $"A canary that fails every check is NOT detected: nothing in the analysis can fail, and it serves up to {failing.ExposedWeight}% of traffic until promotion.");
    }

    private static string Describe(RolloutPlan plan) => plan.Strategy switch
    {
        Rules.Analysis.RolloutStrategy.StepWeight => "progressive canary (stepWeight)",
        Rules.Analysis.RolloutStrategy.StepWeights => "progressive canary (stepWeights)",
        Rules.Analysis.RolloutStrategy.Iterations when plan.Ticks.Any(t => t.Action.Contains("matched traffic", StringComparison.Ordinal)) => "A/B test (iterations with match)",
        Rules.Analysis.RolloutStrategy.Iterations => "blue/green (iterations)",
        _ => "no traffic strategy",
    };

    private static void WriteText(RolloutPlan plan, TextWriter output)
    {
        output.WriteLine(Headline(plan));
        foreach (var note in plan.Notes)
        {
            output.WriteLine($"  note: {note}");
        }

        var analysisChecks = plan.Ticks.FirstOrDefault(t => t.Analysis)?.Checks ?? [];
        output.WriteLine($"  each analysis checks: {(analysisChecks.Count == 0 ? "nothing" : string.Join(", ", analysisChecks))}");
        output.WriteLine(" tick  time      weight  gate                  action");
        foreach (var tick in plan.Ticks)
        {
            var weight = tick.Mirrored ? "mirror" : tick.CanaryWeight.ToString(CultureInfo.InvariantCulture) + "%";
            var gate = tick.Analysis ? "analysis" : tick.Checks.Count == 0 ? "-" : string.Join(", ", tick.Checks);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $" {tick.Index,4}  {RolloutPlanner.Format(tick.Offset),-8}  {weight,6}  {gate,-20}  {tick.Action}"));
        }

        output.WriteLine(Verdict(plan));
        output.WriteLine(Failing(plan));
        output.WriteLine();
        WriteChart(plan, output);
        output.WriteLine();
    }

    /// <summary>Canary weight over the ticks of a healthy run, one column a tick, one row per 20%.</summary>
    private static void WriteChart(RolloutPlan plan, TextWriter output)
    {
        for (var level = 100; level >= 20; level -= 20)
        {
            var row = new StringBuilder();
            row.Append(CultureInfo.InvariantCulture, $"{level,4}% |");
            foreach (var tick in plan.Ticks)
            {
                row.Append(tick.CanaryWeight >= level ? '#' : tick.Mirrored && level == 20 ? '~' : ' ');
            }

            output.WriteLine(row.ToString().TrimEnd());
        }

        output.WriteLine("      +" + new string('-', plan.Ticks.Count) + "> ticks of " + RolloutPlanner.Format(plan.Interval));
    }

    private static void WriteMarkdown(RolloutPlan plan, TextWriter output)
    {
        output.WriteLine($"### Rollout plan: `{plan.Canary}`");
        output.WriteLine();
        output.WriteLine(Headline(plan) + ".");
        output.WriteLine();
        output.WriteLine("| Tick | Time | Canary weight | Checks | Action |");
        output.WriteLine("|---:|---:|---:|---|---|");
        foreach (var tick in plan.Ticks)
        {
            var weight = tick.Mirrored ? "mirrored" : tick.CanaryWeight.ToString(CultureInfo.InvariantCulture) + "%";
            var checks = tick.Checks.Count == 0 ? string.Empty : string.Join(", ", tick.Checks);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {tick.Index} | {RolloutPlanner.Format(tick.Offset)} | {weight} | {checks} | {tick.Action} |"));
        }

        output.WriteLine();
        foreach (var note in plan.Notes)
        {
            output.WriteLine($"> Note: {note}");
        }

        output.WriteLine($"- {Verdict(plan)}");
        output.WriteLine($"- {Failing(plan)}");
        output.WriteLine();
    }

    private static JsonPlan ToJson(RolloutPlan plan) => new(
        plan.Canary,
        plan.File,
        plan.Strategy.ToString(),
        plan.Provider,
        plan.Interval.TotalSeconds,
        plan.Threshold,
        plan.Analyses,
        plan.MinimumAnalysisTime.TotalSeconds,
        plan.Promotes ? plan.TimeToPromotion.TotalSeconds : null,
        [.. plan.Ticks.Select(ToJson)],
        new JsonFailing(plan.Failing.Detected, plan.Failing.TimeToRollback.TotalSeconds, plan.Failing.ExposedWeight, plan.Failing.TrafficMinutesExposed, [.. plan.Failing.Ticks.Select(ToJson)]),
        plan.Notes);

    private static JsonTick ToJson(PlanTick tick) =>
        new(tick.Index, tick.Offset.TotalSeconds, tick.CanaryWeight, tick.Mirrored, tick.Analysis, tick.Checks, tick.Action);
}

internal sealed record JsonTick(int Index, double OffsetSeconds, int CanaryWeight, bool Mirrored, bool Analysis, IReadOnlyList<string> Checks, string Action);

internal sealed record JsonFailing(bool Detected, double TimeToRollbackSeconds, int ExposedWeight, double TrafficMinutesExposed, IReadOnlyList<JsonTick> Ticks);

internal sealed record JsonPlan(
    string Canary,
    string File,
    string Strategy,
    string Provider,
    double IntervalSeconds,
    int Threshold,
    int Analyses,
    double MinimumAnalysisSeconds,
    double? TimeToPromotionSeconds,
    IReadOnlyList<JsonTick> Ticks,
    JsonFailing Failing,
    IReadOnlyList<string> Notes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<JsonPlan>))]
internal sealed partial class PlanJsonContext : JsonSerializerContext;
