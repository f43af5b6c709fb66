namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>Whether Istio's sidecar injector injects a pod, as far as the labels tell.</summary>
public enum InjectionOutcome
{
    Injected,
    NotInjected,

    /// <summary>The namespace's labels are unknown and the pod template does not decide alone.</summary>
    Unknown,
}

/// <summary>
/// Istio's injection precedence, as its default webhooks select pods:
/// namespace <c>istio-injection</c> wins over <c>istio.io/rev</c>; <c>istio-injection=enabled</c> injects unless the pod
/// label <c>sidecar.istio.io/inject</c> is "false"; any other <c>istio-injection</c> value never injects, even with the
/// pod label; a namespace <c>istio.io/rev</c> injects unless the pod label is "false"; a namespace with neither injects
/// only when the pod label is "true" or the pod has <c>istio.io/rev</c>.
/// </summary>
public static class IstioInjection
{
    public const string NamespaceLabel = "istio-injection";
    public const string RevisionLabel = "istio.io/rev";
    public const string PodLabel = "sidecar.istio.io/inject";

    public static (InjectionOutcome Outcome, string Reason) Decide(IReadOnlyDictionary<string, string>? namespaceLabels, IReadOnlyDictionary<string, string> podLabels)
    {
        var podInject = podLabels.GetValueOrDefault(PodLabel);
        var podRevision = podLabels.ContainsKey(RevisionLabel);
        if (namespaceLabels is null)
        {
            // Only a pod label "false" decides without the namespace: it opts out under every namespace setting.
            return podInject == "false"
                ? (InjectionOutcome.NotInjected, $"the pod template has {PodLabel}: \"false\"")
                : (InjectionOutcome.Unknown, "the namespace's labels are unknown");
        }

        if (namespaceLabels.TryGetValue(NamespaceLabel, out var injection))
        {
            if (injection != "enabled")
            {
                return (InjectionOutcome.NotInjected, $"the namespace has {NamespaceLabel}={injection}, which no pod label overrides");
            }

            return podInject == "false"
                ? (InjectionOutcome.NotInjected, $"the pod template has {PodLabel}: \"false\"")
                : (InjectionOutcome.Injected, $"the namespace has {NamespaceLabel}=enabled");
        }

        if (namespaceLabels.ContainsKey(RevisionLabel))
        {
            return podInject == "false"
                ? (InjectionOutcome.NotInjected, $"the pod template has {PodLabel}: \"false\"")
                : (InjectionOutcome.Injected, $"the namespace has {RevisionLabel}");
        }

        if (podInject == "true" || podRevision)
        {
            return (InjectionOutcome.Injected, "the pod template opts in");
        }

        return (InjectionOutcome.NotInjected, $"the namespace has neither {NamespaceLabel}=enabled nor {RevisionLabel} and the pod template does not set {PodLabel}: \"true\" or {RevisionLabel}");
    }
}
