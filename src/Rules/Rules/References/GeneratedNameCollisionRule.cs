using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Views;

namespace CanaryGuard.Rules.Rules.References;

/// <summary>CG2007: Flagger generates objects with fixed names; a user object with one of those names collides.</summary>
public sealed class GeneratedNameCollisionRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG2007",
        "User resource collides with a name Flagger generates",
        "{0} '{1}' is defined in the linted files, but Flagger generates a {0} with this name for Canary '{2}': one overwrites the other",
        RuleCategories.References,
        DiagnosticSeverity.Error,
        "Flagger creates <apex>-primary and <apex>-canary Services, a <target>-primary workload and <name>-primary copies of the ConfigMaps and Secrets the target reads. A user object with one of those names is overwritten, or blocks the Canary. A user Service named <apex> is taken over: Flagger rewrites its selector and ports.");

    public static readonly DiagnosticDescriptor ApexTakenOver = new(
        "CG2007",
        Rule.Title,
        "Service '{0}' is defined in the linted files and is the apex Service of Canary '{1}': Flagger takes it over and rewrites its selector to the primary pods and its ports",
        RuleCategories.References,
        DiagnosticSeverity.Warning,
        Rule.Description);

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule, ApexTakenOver];

    public override IReadOnlyList<ResourceKind> Inputs { get; } = [ReadKinds.Service, .. ResourceQueries.TargetInputs, ReadKinds.ConfigMap, ReadKinds.Secret];

    public override bool AppliesTo(KubernetesResource resource) => CanaryView.IsCanary(resource);

    public override void Analyze(RuleContext context)
    {
        if (CanaryView.From(context.Resource) is not { } canary || canary.ApexNode() is not { } at)
        {
            return;
        }

        var canaryName = context.Resource.Name;
        foreach (var (group, kind, name) in GeneratedNames(context, canary))
        {
            if (UserDefined(context, group, kind, name))
            {
                context.Report(Rule, at, kind, name, canaryName);
            }
        }

        if (canary.ApexName() is { } apex && UserDefined(context, ServiceView.Group, ServiceView.KindName, apex))
        {
            context.Report(ApexTakenOver, at, apex, canaryName);
        }
    }

    private static IEnumerable<(string Group, string Kind, string Name)> GeneratedNames(RuleContext context, CanaryView canary)
    {
        if (canary.ApexName() is { } apex)
        {
            yield return (ServiceView.Group, ServiceView.KindName, apex + "-primary");
            yield return (ServiceView.Group, ServiceView.KindName, apex + "-canary");
        }

        if (canary.TargetKind() is { } kind && DeploymentView.IsWorkloadKind(kind) && canary.TargetName() is { } target)
        {
            yield return (DeploymentView.Group, kind, target + "-primary");
        }

        if (ResourceQueries.Target(context, canary) is { } workload)
        {
            foreach (var configMap in workload.ReferencedConfigMaps.Order(StringComparer.Ordinal))
            {
                yield return (string.Empty, "ConfigMap", configMap + "-primary");
            }

            foreach (var secret in workload.ReferencedSecrets.Order(StringComparer.Ordinal))
            {
                yield return (string.Empty, "Secret", secret + "-primary");
            }
        }
    }

    // An object Flagger itself generated (an exported cluster dump) carries the Canary as owner and is no collision.
    private static bool UserDefined(RuleContext context, string group, string kind, string name) =>
        context.Lookup.Find(group, kind, context.Namespace, name) is { } found && !ResourceQueries.IsOwnedByCanary(found);
}
