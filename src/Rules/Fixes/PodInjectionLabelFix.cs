using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.Mesh;

namespace CanaryGuard.Rules.Fixes;

/// <summary>
/// CG3002 and CG3003: moves an injection setting (on the workload's own metadata, or the deprecated pod
/// annotation) to a label on the pod template, <c>sidecar.istio.io/inject: "true"</c>, creating
/// <c>spec.template.metadata.labels</c> when missing. A mapping left empty is removed with its key.
/// </summary>
public sealed class PodInjectionLabelFix : CodeFixProvider
{
    public override IReadOnlyList<string> FixableDiagnosticIds { get; } = [InjectionOnWorkloadMetadataRule.Rule.Id, DeprecatedInjectionAnnotationRule.Rule.Id];

    public override string EquivalenceKey => "MoveInjectionToPodLabel";

    public override string Title => "moves the setting to a label on the pod template (spec.template.metadata.labels)";

    public override IEnumerable<TextEdit> ComputeEdits(FixContext context)
    {
        if (context.Node is not ScalarNode { IsNull: false } setting || context.Ancestor(1) is not MappingNode holder
            || context.Resource.Root.At("spec", "template") is not MappingNode template)
        {
            return [];
        }

        var key = holder.Entries.First(e => e.Value == setting).KeyText;
        var edits = context.Edits;
        var removal = holder.Entries.Count == 1 && context.Ancestor(2) is MappingNode owner
            ? edits.RemoveEntry(owner, owner.Entries.First(e => e.Value == holder).KeyText)
            : edits.RemoveEntry(holder, key);
        var label = YamlValue.Quoted(LabelValue(key, setting));
        var addition = template.Mapping("metadata") switch
        {
            { } metadata when metadata.Mapping("labels") is { } labels => labels.ContainsKey(key) ? null : edits.AddEntry(labels, key, label),
            { } metadata when !metadata.ContainsKey("labels") => edits.AddEntry(metadata, "labels", YamlValue.Map((key, label))),
            null when !template.ContainsKey("metadata") => edits.AddEntry(template, "metadata", YamlValue.Map(("labels", YamlValue.Map((key, label))))),
            _ => null,
        };
        if (removal is null || (addition is null && template.At("metadata", "labels", key) is null))
        {
            return [];
        }

        return addition is null ? [removal] : [removal, addition];
    }

    /// <summary>The inject label takes "true" or "false" (a YAML 1.1 yes or on means true); a revision keeps its name.</summary>
    private static string LabelValue(string key, ScalarNode setting) =>
        key == IstioInjection.PodLabel && setting.TryGetBool(out var enabled) ? (enabled ? "true" : "false") : setting.Value;
}
