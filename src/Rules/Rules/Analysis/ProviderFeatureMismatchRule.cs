using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Policy;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.Analysis;

/// <summary>
/// CG1025: a routing feature the Canary's provider does not implement, or a provider missing the reference
/// it routes through. Ignored features are warnings; settings that break routing are errors.
/// </summary>
public sealed class ProviderFeatureMismatchRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG1025",
        "Routing feature does not fit the provider",
        "{0}: {1}",
        RuleCategories.Analysis,
        DiagnosticSeverity.Error,
        "Each Flagger provider implements part of the routing features: mirroring (Istio, Gateway API v1), session affinity (Istio, Gateway API), delegation (Istio). Unsupported features are silently ignored; nginx and skipper need spec.ingressRef (which every other provider ignores), apisix spec.routeRef and Gateway API service.gatewayRefs, without which the canary cannot be routed.");

    private const int MaxMirrorWeight = 100;

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        var canary = CanaryView.From(context.Resource);
        if (canary is null)
        {
            return;
        }

        var provider = AnalysisFacts.Provider(canary, context.Policy);
        CheckReferences(context, canary, provider);
        if (canary.Analysis is { } analysis)
        {
            CheckMirroring(context, analysis, provider);
            CheckSessionAffinity(context, analysis, provider);
        }
    }

    private static void CheckReferences(RuleContext context, CanaryView canary, string provider)
    {
        ManifestNode providerNode = canary.Spec.Scalar("provider") ?? (ManifestNode)canary.Spec;
        if (provider is "nginx" or "skipper" && !canary.Spec.ContainsKey("ingressRef"))
        {
            context.Report(Rule, DiagnosticSeverity.Error, providerNode, $"the {provider} provider needs spec.ingressRef", "Flagger has no ingress to copy into a canary ingress and cannot route the canary");
        }
        else if (provider is not ("nginx" or "skipper") && canary.Spec["ingressRef"] is { } ingressRef && !IngressRefNamesTheMeshProvider(canary, context.Policy))
        {
            context.Report(Rule, DiagnosticSeverity.Warning, ingressRef, $"spec.ingressRef is ignored by the {provider} provider (only nginx and skipper route through an Ingress)", "Flagger never splits that Ingress, so the traffic it carries reaches the primary only and the canary gets none of it");
        }
        else if (provider == "apisix" && !canary.Spec.ContainsKey("routeRef"))
        {
            context.Report(Rule, DiagnosticSeverity.Error, providerNode, "the apisix provider needs spec.routeRef", "Flagger has no ApisixRoute to split traffic in and cannot route the canary");
        }

        if (canary.Service is not { } service)
        {
            return;
        }

        if (AnalysisFacts.IsGatewayApi(provider) && service.Sequence("gatewayRefs") is not { Count: > 0 })
        {
            context.Report(Rule, DiagnosticSeverity.Error, service, $"the {provider} provider needs service.gatewayRefs", "the HTTPRoute Flagger generates is attached to no gateway and routes no traffic");
        }

        if (AnalysisFacts.IsIstio(provider) && service.Scalar("delegation") is { } delegation && delegation.TryGetBool(out var delegated) && delegated
            && (service.Sequence("hosts") is { Count: > 0 } || service.Sequence("gateways") is { Count: > 0 }))
        {
            context.Report(Rule, DiagnosticSeverity.Error, delegation, "service.delegation is true while hosts or gateways are set", "Flagger refuses to build a delegate VirtualService with them and the canary never initializes");
        }
    }

    /// <summary>
    /// Whether the ingressRef is the only evidence of the provider: the Canary names none, the policy keeps Flagger's
    /// default mesh provider, and no Istio routing field (service.gateways, service.hosts) says Istio. Flagger installs
    /// for NGINX set -mesh-provider=nginx and leave spec.provider out, so the default is not evidence enough to call the
    /// ingressRef ignored.
    /// </summary>
    private static bool IngressRefNamesTheMeshProvider(CanaryView canary, CanaryGuardPolicy policy) =>
        canary.Provider is null
        && policy.MeshProvider == CanaryGuardPolicy.Default.MeshProvider
        && canary.Service?.Sequence("gateways") is not { Count: > 0 }
        && canary.Service?.Sequence("hosts") is not { Count: > 0 };

    private static void CheckMirroring(RuleContext context, AnalysisView analysis, string provider)
    {
        var mirrored = analysis.Mirror is { } mirror && mirror.TryGetBool(out var on) && on;
        if (mirrored && !AnalysisFacts.SupportsMirroring(provider))
        {
            context.Report(Rule, DiagnosticSeverity.Warning, analysis.Mirror!, $"mirror is not supported by the {provider} provider", "Flagger ignores it and no traffic is mirrored");
        }

        if (analysis.MirrorWeight is not { } weightNode || !weightNode.TryGetDouble(out var weight))
        {
            return;
        }

        if (!mirrored)
        {
            context.Report(Rule, DiagnosticSeverity.Warning, weightNode, "mirrorWeight is set but mirror is not true", "Flagger ignores it and no traffic is mirrored");
        }
        else if (weight is < 0 or > MaxMirrorWeight)
        {
            var consequence = weight < 0
                ? "Flagger only applies a positive percentage, so all traffic is mirrored"
                : "a mirror percentage above 100 is invalid and the route update is rejected";
            context.Report(Rule, DiagnosticSeverity.Error, weightNode, $"mirrorWeight ({weightNode.Display}) is outside 0..100", consequence);
        }
    }

    private static void CheckSessionAffinity(RuleContext context, AnalysisView analysis, string provider)
    {
        if (analysis.SessionAffinity is not { } affinity)
        {
            return;
        }

        if (!AnalysisFacts.SupportsSessionAffinity(provider))
        {
            context.Report(Rule, DiagnosticSeverity.Warning, affinity, $"sessionAffinity is not supported by the {provider} provider", "Flagger ignores it and users switch between primary and canary from one request to the next");
        }
        else if (affinity.String("cookieName") is { Length: > 0 } cookie && affinity.Scalar("primaryCookieName") is { } primaryNode && primaryNode.Value == cookie)
        {
            context.Report(Rule, DiagnosticSeverity.Error, primaryNode, $"sessionAffinity primaryCookieName equals cookieName ({cookie})", "the browser keeps one cookie per name, so the primary's cookie overwrites the canary's and sessions do not stick");
        }
    }
}
