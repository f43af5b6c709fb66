using System.CommandLine;
using CanaryGuard.Linter.Inputs;
using CanaryGuard.Linter.Plan;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Planning;

namespace CanaryGuard.Linter.Commands;

/// <summary><c>canaryguard plan FILE [--canary NAME]</c>: the rollout Flagger will run, tick by tick.</summary>
internal static class PlanCommand
{
    public static Command Create(CliIo io)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders with Canaries, or - for standard input.", Arity = ArgumentArity.OneOrMore };
        var canary = new Option<string?>("--canary") { Description = "Only the Canary with this name (or namespace/name)." };
        var format = new Option<string>("--format", "-f") { Description = "text, json or markdown.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(PlanWriters.Names);
        var config = new Option<string?>("--config", "-c") { Description = "Use this policy file instead of finding .canaryguard.yaml." };
        var command = new Command("plan", "Show the rollout Flagger will run for each Canary: weights over time, checks, time to promotion and to rollback.")
        {
            paths, canary, format, config,
        };
        command.SetAction(parse =>
        {
            var policies = new PolicyResolver(parse.GetValue(config), AnalysisEngine.CreateDefault().KnownIds);
            var inputs = InputCollector.Collect(parse.GetValue(paths)!, policies, () => io.Input);
            foreach (var error in inputs.Errors)
            {
                io.Error.WriteLine($"canaryguard: {error}");
            }

            var wanted = parse.GetValue(canary);
            var plans = inputs.Files
                .SelectMany(KubernetesResource.FromFile)
                .Where(r => wanted is null || r.Name == wanted || r.DisplayName == wanted)
                .Select(r => RolloutPlanner.Plan(r, policies.PolicyFor(r.File.Path)))
                .OfType<RolloutPlan>()
                .ToList();
            if (plans.Count == 0)
            {
                io.Error.WriteLine(wanted is null ? "canaryguard: no Canary with an analysis found" : $"canaryguard: no Canary named '{wanted}' with an analysis found");
                return LintRunner.Failure;
            }

            PlanWriters.Write(plans, parse.GetValue(format)!, io.Output);
            return inputs.Errors.Count > 0 ? LintRunner.Failure : LintRunner.Clean;
        });
        return command;
    }
}
