using System.Text.RegularExpressions;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// CG1031: a test hook that calls the apex (or primary) Service while that Service still routes every request to
/// the primary: a pre-rollout hook always, a rollout hook in a blue/green analysis. It tests the old version.
/// </summary>
public sealed class TestAimedAtPrimaryRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1031",
        "Test webhook aimed at the primary",
        "webhook {0} is a {1} hook that calls {2}, which {3}: it tests the old version, not the canary; call {4} instead",
        RuleCategories.Analysis,
        DiagnosticSeverity.Warning,
        "Flagger serves the canary on <apex>-canary. The apex Service (<apex>) sends every request to the primary until traffic is shifted: before the analysis (pre-rollout hooks) and during a blue/green analysis (iterations without match, or the kubernetes provider). A test or load test aimed at <apex> or <apex>-primary then exercises the old version, and the canary is promoted untested.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { Analysis: { } analysis } canary
            || canary.ApexName() is not { Length: > 0 } apex)
        {
            return;
        }

        var blueGreen = IsBlueGreen(analysis, AnalysisFacts.Provider(canary, context.Policy));
        var host = HostPattern(apex, context.Namespace);
        foreach (var webhook in analysis.Webhooks)
        {
            var routedToPrimary = webhook.Type switch
            {
                AnalysisFacts.PreRolloutHook => "routes every request to the primary before the analysis starts",
                AnalysisFacts.RolloutHook when blueGreen => "keeps routing every request to the primary during a blue/green analysis",
                _ => null,
            };
            if (routedToPrimary is null)
            {
                continue;
            }

            foreach (var node in new[] { webhook.Node.Scalar("url"), WebhookCommands.Command(webhook) }.OfType<ScalarNode>())
            {
                if (host.Match(node.Value) is { Success: true } match)
                {
                    var name = match.Groups["name"].Value;
                    var called = match.Groups["host"].Value;
                    context.Report(Rule, node, webhook.Name ?? webhook.Node.Path, webhook.Type, called, name == apex ? routedToPrimary : "is the primary", $"{apex}-canary{called[name.Length..]}");
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Blue/green: Flagger runs the iterations with all traffic on the primary (no match to send some to the canary,
    /// no mirror to copy it); the kubernetes provider has no weights at all.
    /// </summary>
    private static bool IsBlueGreen(AnalysisView analysis, string provider) =>
        provider == "kubernetes"
        || (analysis.Iterations is { } iterations && iterations.TryGetInt64(out var count) && count > 0
            && analysis.Match is not { Count: > 0 } && !(analysis.Mirror is { } mirror && mirror.TryGetBool(out var mirrored) && mirrored));

    /// <summary>
    /// The apex or primary Service as a host: after a scheme (<c>http://web</c>) or qualified by the namespace
    /// (<c>web.shop</c>, <c>web.shop.svc.cluster.local</c>), so that a bare word such as <c>helm test web</c> is no call.
    /// </summary>
    private static Regex HostPattern(string apex, string @namespace)
    {
        var name = $"(?<name>{Regex.Escape(apex)}(?:-primary)?)";
        var qualified = $@"\.{Regex.Escape(@namespace)}(?:\.svc(?:\.cluster\.local)?)?";
        return new Regex(
            $@"(?:://(?<host>{name}(?:{qualified})?)|(?<![\w.-])(?<host>{name}{qualified}))(?![\w.-])",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture,
            TimeSpan.FromSeconds(1));
    }
}
