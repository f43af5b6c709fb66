using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.Analysis;

namespace CanaryGuard.Rules.Fixes;

/// <summary>CG1010: writes the interval Flagger really uses, 10s.</summary>
public sealed class IntervalFloorFix : CodeFixProvider
{
    public override IReadOnlyList<string> FixableDiagnosticIds { get; } = [IntervalBelowFloorRule.Rule.Id];

    public override string EquivalenceKey => "RaiseIntervalToFloor";

    public override string Title => "raises the interval to 10s";

    public override IEnumerable<TextEdit> ComputeEdits(FixContext context)
    {
        if (context.Node is ScalarNode interval)
        {
            yield return context.Edits.ReplaceScalar(interval, "10s");
        }
    }
}
