using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.Input;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>CG1002: more than one of iterations, stepWeight and stepWeights is set.</summary>
public sealed class AmbiguousStrategyRule : TrafficRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1002",
        "Ambiguous rollout strategy",
        "{0} and {1} are both set: {2}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "iterations (A/B testing, blue/green), stepWeight and stepWeights (progressive traffic) are alternative strategies. The CRD accepts exactly one of them; Flagger, given several, silently picks one by its own precedence: iterations above zero first, then a positive stepWeight capped by the last of stepWeights.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    protected override void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis)
    {
        // Flagger v1.44's CRD declares the strategies a oneOf: CG0004 already says the API server rejects the Canary.
        // What Flagger would do matters only where that check is off (a cluster with an older CRD).
        if (!StrategyFieldsWellTyped(analysis) || (context.Policy.IsEnabled(RejectedValueRule.Rule) && IsRejected(canary.Resource)))
        {
            return;
        }

        var iterations = analysis.Iterations;
        var weights = (ManifestNode?)analysis.StepWeight ?? analysis.StepWeights;
        if (iterations is not null && weights is not null)
        {
            var consequence = Integer(iterations) > 0
                ? $"Flagger runs {iterations.Value} iterations and ignores {Key(weights)}"
                : $"Flagger ignores iterations ({iterations.Value}) and shifts traffic by {Key(weights)}";
            context.Report(Rule, weights, "iterations", Key(weights), consequence);
        }
        else if (analysis.StepWeight is { } stepNode && analysis.StepWeights is { } stepsNode)
        {
            var consequence = Integer(stepNode) > 0
                ? $"Flagger steps by stepWeight ({stepNode.Value}) and stops at the last of stepWeights"
                : $"Flagger ignores stepWeight ({stepNode.Value}) and follows stepWeights";
            context.Report(Rule, stepsNode, "stepWeight", "stepWeights", consequence);
        }
    }

    private static bool IsRejected(KubernetesResource resource) =>
        !FlaggerSchema.IsServed(resource) || SchemaValidator.ProblemsOf(resource).Any(p => p.Kind == SchemaProblemKind.RejectedValue);

    private static string Key(ManifestNode node) => node.Path[(node.Path.LastIndexOf('.') + 1)..];
}
