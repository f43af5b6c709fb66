using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.PromQL;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2014: = and != compare literally; a value written as a regular expression does not mean what it says.</summary>
public sealed class LiteralRegexMatcherRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2014",
        "Label matcher compares a regular expression literally",
        "{0} compares the value literally, not as a regular expression: {1}; write {2}",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "In PromQL only =~ and !~ read their value as a regular expression. status!=\"5.*\" excludes only a status that is literally \"5.*\", so every 5xx counts as a success and the check never fails; status=\"5..\" matches no series, so the check finds no values and fails at every interval.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => MetricQueries.AppliesTo(resource);

    public override void Analyze(RuleContext context)
    {
        foreach (var query in MetricQueries.Of(context.Resource).Queries)
        {
            foreach (var matcher in query.Expression is { } e ? QueryFacts.Selectors(e).SelectMany(s => s.Selector.Matchers).Where(QueryFacts.LooksLikeRegex) : [])
            {
                var written = query.Written(matcher.Span);
                var (consequence, fix) = matcher.Operator == MatchOperator.NotEqual
                    ? ("no series has that value, so nothing is excluded and the check never fails", "!~")
                    : ("no series has that value, so the selector matches nothing and every check fails", "=~");
                context.ReportWithin(Rule, Rule.DefaultSeverity, query.Node, query.Locate(matcher.Span), written, consequence, matcher.Name + fix + query.Written(matcher.ValueSpan));
            }
        }
    }
}
