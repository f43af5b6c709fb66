namespace CanaryGuard.Rules.Fixes;

/// <summary>Every code fix, and which rule ids have one (the Fix column of <c>canaryguard rules</c>).</summary>
public static class CodeFixCatalog
{
    public static IReadOnlyList<CodeFixProvider> All { get; } =
    [
        new ThresholdRangeFix(),
        new IntervalFloorFix(),
        new DefaultThresholdRangeFix(),
        new MetricUnitFix(),
        new PodInjectionLabelFix(),
        new CanaryForWorkloadFix(),
        new QuoteLabelValueFix(),
        new CurlFailFlagFix(),
    ];

    public static IReadOnlySet<string> FixableIds { get; } = All.SelectMany(p => p.FixableDiagnosticIds).ToHashSet(StringComparer.Ordinal);

    public static CodeFixProvider? For(string id) => All.FirstOrDefault(p => p.FixableDiagnosticIds.Contains(id));
}
