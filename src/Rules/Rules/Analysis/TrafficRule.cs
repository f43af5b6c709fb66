using System.Globalization;
using CanaryGuard.Rules.Analysis;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// The base of the traffic rules (CG1001-CG1012): each judges one Canary's spec.analysis. Fields of the wrong
/// type are left alone here (the input rule CG0004 reports them), so the helpers answer null for them.
/// </summary>
public abstract class TrafficRule : AnalysisRule
{
    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public sealed override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is { Analysis: { } analysis } canary)
        {
            Analyze(context, canary, analysis);
        }
    }

    protected abstract void Analyze(RuleContext context, CanaryView canary, AnalysisView analysis);

    /// <summary>The schedule Flagger runs, with the provider it will use (kubernetes forces blue/green).</summary>
    protected static RolloutSchedule? Schedule(RuleContext context, CanaryView canary, AnalysisView analysis) =>
        RolloutSchedule.From(analysis, canary.EffectiveProvider(context.Policy.MeshProvider));

    /// <summary>The value of an integer field, or null when it is absent or not an integer.</summary>
    protected static long? Integer(ManifestNode? node) => node is ScalarNode scalar && scalar.TryGetInt64(out var value) ? value : null;

    /// <summary>
    /// The threshold Flagger applies and the node a finding about it belongs to (the analysis key when absent);
    /// null when threshold is not an integer.
    /// </summary>
    protected static (int Threshold, ManifestNode At, string Cause)? EffectiveThreshold(AnalysisView analysis)
    {
        if (analysis.Threshold is not { } node)
        {
            return (RolloutSchedule.DefaultThreshold, analysis.Node, "threshold is not set and defaults to 1");
        }

        if (Integer(node) is not { } written)
        {
            return null;
        }

        var effective = RolloutSchedule.EffectiveThreshold(written);
        return (effective, node, "threshold is " + Number(written) + (written > 0 ? string.Empty : ", which Flagger treats as 1"));
    }

    /// <summary>True when iterations, stepWeight and stepWeights are each absent or of the type Flagger reads.</summary>
    protected static bool StrategyFieldsWellTyped(AnalysisView analysis) =>
        IsAbsentOrInteger(analysis.Node["iterations"])
        && IsAbsentOrInteger(analysis.Node["stepWeight"])
        && analysis.Node["stepWeights"] switch
        {
            null => true,
            SequenceNode steps => steps.Items.All(item => Integer(item) is not null),
            _ => false,
        };

    /// <summary>The field that sets the number of analyses, where findings about the schedule's length belong.</summary>
    protected static ManifestNode StrategyNode(AnalysisView analysis, RolloutSchedule schedule) => schedule.Strategy switch
    {
        RolloutStrategy.Iterations => (ManifestNode?)analysis.Iterations,
        RolloutStrategy.StepWeight => analysis.StepWeight,
        RolloutStrategy.StepWeights => analysis.StepWeights,
        _ => null,
    } ?? analysis.Node;

    /// <summary>"1 analysis", "3 analyses": for messages.</summary>
    protected static string Analyses(long count) => Number(count) + (count == 1 ? " analysis" : " analyses");

    protected static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsAbsentOrInteger(ManifestNode? node) => node is null || Integer(node) is not null;
}
