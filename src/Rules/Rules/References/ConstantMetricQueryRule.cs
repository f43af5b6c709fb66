using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.PromQL;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2015: a query that reads no series returns the same number whatever the canary does.</summary>
public sealed class ConstantMetricQueryRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2015",
        "Metric query that cannot fail",
        "the query reads no series ({0}): it returns the same value at every check, whatever the canary does, so the check never fails (or always fails)",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "A query made only of numbers and functions of time (vector(100), 1, time()) does not measure the canary. Against a threshold it either always passes, and the analysis gates nothing, or always fails, and every release is rolled back.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => MetricQueries.AppliesTo(resource);

    public override void Analyze(RuleContext context)
    {
        foreach (var query in MetricQueries.Of(context.Resource).Queries)
        {
            if (query.Expression is { } expression && !QueryFacts.ReadsSeries(expression))
            {
                context.ReportWithin(Rule, Rule.DefaultSeverity, query.Node, query.Locate(expression.Span), query.Written(expression.Span).Trim());
            }
        }
    }
}
