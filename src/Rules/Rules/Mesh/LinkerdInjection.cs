namespace CanaryGuard.Rules.Rules.Mesh;

/// <summary>
/// Linkerd's injection precedence, as its proxy injector decides: the pod template's <c>linkerd.io/inject</c>
/// annotation wins over the namespace's; <c>enabled</c> and <c>ingress</c> inject, <c>disabled</c> (or anything
/// else) does not. Linkerd reads annotations only, never labels.
/// </summary>
public static class LinkerdInjection
{
    public const string Annotation = "linkerd.io/inject";

    public static (InjectionOutcome Outcome, string Reason) Decide(IReadOnlyDictionary<string, string>? namespaceAnnotations, IReadOnlyDictionary<string, string> podAnnotations)
    {
        if (podAnnotations.TryGetValue(Annotation, out var onPod))
        {
            return Injects(onPod)
                ? (InjectionOutcome.Injected, $"the pod template has {Annotation}: {onPod}")
                : (InjectionOutcome.NotInjected, $"the pod template has {Annotation}: {onPod}");
        }

        if (namespaceAnnotations is null)
        {
            return (InjectionOutcome.Unknown, "the namespace's annotations are unknown");
        }

        return namespaceAnnotations.TryGetValue(Annotation, out var onNamespace)
            ? Injects(onNamespace)
                ? (InjectionOutcome.Injected, $"the namespace has {Annotation}: {onNamespace}")
                : (InjectionOutcome.NotInjected, $"the namespace has {Annotation}: {onNamespace} and the pod template does not opt in")
            : (InjectionOutcome.NotInjected, $"neither the namespace nor the pod template has the annotation {Annotation}: enabled");
    }

    private static bool Injects(string value) => value is "enabled" or "ingress";
}
