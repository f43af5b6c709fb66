using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>
/// CG0009: one object (group, kind, namespace, name) written twice, differently, where both are applied together:
/// which definition is in force depends on the order of apply.
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

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override bool AppliesTo(KubernetesResource resource) => resource.Name is not null && resource.Root.Span is not null;

    public override void Analyze(RuleContext context)
    {
        var resource = context.Resource;
        var folder = FolderOf(resource);

        // Only definitions of one folder are applied together: the same name in another folder is another
        // environment's copy. A kustomization's patches are not linted as objects (the build consumes them), so
        // they are never compared here.
        var first = context.Lookup.ListBy(resource.Group, resource.Kind, context.Namespace, ResourceIndex.ByName, resource.Name!)
            .FirstOrDefault(other => other.Root.Span is not null && FolderOf(other) == folder);
        if (first is null || ReferenceEquals(first, resource) || SameContent(first.Root, resource.Root))
        {
            // Two identical definitions leave the same object whatever the order of apply.
            return;
        }

        context.Report(Rule, resource.Metadata?["name"] ?? resource.Root, resource.Kind, resource.DisplayName, first.Root.Location);
    }

    private static string FolderOf(KubernetesResource resource) => Path.GetDirectoryName(resource.File.Path) ?? string.Empty;

    /// <summary>Whether two nodes hold the same data: mapping keys in any order, list items in order, scalars as typed.</summary>
    private static bool SameContent(ManifestNode first, ManifestNode second) => (first, second) switch
    {
        (ScalarNode a, ScalarNode b) => a.Kind == b.Kind && a.Value == b.Value,
        (SequenceNode a, SequenceNode b) => a.Count == b.Count && a.Items.Zip(b.Items).All(pair => SameContent(pair.First, pair.Second)),
        (MappingNode a, MappingNode b) => a.Entries.Count == b.Entries.Count
            && a.Entries.All(entry => b[entry.KeyText] is { } other && SameContent(entry.Value, other)),
        _ => false,
    };
}
