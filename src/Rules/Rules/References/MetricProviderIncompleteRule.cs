using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2011: each metrics provider needs some settings; without them Flagger cannot build the client.</summary>
public sealed class MetricProviderIncompleteRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2011",
        "MetricTemplate provider is incomplete",
        "provider '{0}' has no {1}: Flagger cannot query it, every check using this template fails and the canary is rolled back",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "Flagger builds the metrics client from the template's provider at every check: prometheus needs an address, cloudwatch a region, datadog and newrelic a secretRef with their API keys, dynatrace and splunk an address and a secretRef.");

    // What each provider's client constructor in Flagger v1.44 refuses to start without.
    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["prometheus"] = ["address"],
        ["cloudwatch"] = ["region"],
        ["datadog"] = ["secretRef"],
        ["newrelic"] = ["secretRef"],
        ["dynatrace"] = ["address", "secretRef"],
        ["splunk"] = ["address", "secretRef"],
    };

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => MetricTemplateView.IsMetricTemplate(resource);

    public override void Analyze(RuleContext context)
    {
        if (MetricTemplateView.From(context.Resource) is not { Provider: { } provider } template
            || template.ProviderType is not { } type || !Required.TryGetValue(type, out var settings))
        {
            return;
        }

        var missing = settings.Where(s => provider[s] is null or ScalarNode { IsNull: true } or ScalarNode { Value: "" }).ToList();
        if (missing.Count > 0)
        {
            context.Report(Rule, provider, type, string.Join(" and ", missing));
        }
    }
}
