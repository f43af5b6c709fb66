using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>
/// CG0009: one object (group, kind, namespace, name) written twice where both are applied together: which
/// definition is in force depends on the order of apply.
/// </summary>
public sealed class DuplicateObjectRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG0009",
        "Object defined more than once",
        "{0} '{1}' is also defined at {2}: both are applied and the last one wins, so which definition is in force depends on the order of apply",
        RuleCategories.Input,
        DiagnosticSeverity.Warning,
        "kubectl apply, Flux and Argo CD apply every manifest of a folder; an object defined twice (same API group, kind, namespace and name) is written twice, and the definition applied last replaces the other. A fix made in one copy can silently be undone by the other.");

    private const string KustomizeGroup = "kustomize.config.k8s.io";

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => resource.Name is not null && resource.Root.Span is not null;

    public override void Analyze(RuleContext context)
    {
        var resource = context.Resource;
        var folder = FolderOf(resource);

        // Only definitions of one folder are applied together: the same name in another folder is another
        // environment's copy. A folder built by kustomize holds patches that repeat the objects they change.
        var first = context.Lookup.ListBy(resource.Group, resource.Kind, context.Namespace, ResourceIndex.ByName, resource.Name!)
            .FirstOrDefault(other => other.Root.Span is not null && FolderOf(other) == folder);
        if (first is null || ReferenceEquals(first, resource) || IsKustomized(context, folder))
        {
            return;
        }

        context.Report(Rule, resource.Metadata?["name"] ?? resource.Root, resource.Kind, resource.DisplayName, first.Root.Location);
    }

    private static string FolderOf(KubernetesResource resource) => Path.GetDirectoryName(resource.File.Path) ?? string.Empty;

    private static bool IsKustomized(RuleContext context, string folder) =>
        context.Lookup.List(KustomizeGroup, "Kustomization", null).Concat(context.Lookup.List(KustomizeGroup, "Component", null))
            .Any(kustomization => FolderOf(kustomization) == folder);
}
