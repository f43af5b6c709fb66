using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Rules.Input;

/// <summary>CG0002: a key written twice in one mapping; Kubernetes keeps the last value and drops the earlier one without a word.</summary>
public sealed class DuplicateKeyRule : AnalysisRule
{
    public static readonly DiagnosticDescriptor Rule = new(
        "CG0002",
        "Duplicate mapping key",
        "key '{0}' is written again{1}: Kubernetes silently keeps the last value and ignores this one",
        RuleCategories.Input,
        DiagnosticSeverity.Error,
        "YAML forbids duplicate keys, but the Kubernetes decoder (and kubectl) accept them and keep the last value. The earlier value looks in effect when reading the file and is not.");

    public override IReadOnlyList<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    /// <summary>Every Kubernetes object: the decoder behaves the same for all kinds.</summary>
    public override bool AppliesTo(KubernetesResource resource) => true;

    public override void Analyze(RuleContext context) => Visit(context.Resource.Root, context);

    private static void Visit(ManifestNode node, RuleContext context)
    {
        switch (node)
        {
            case MappingNode mapping:
                foreach (var duplicate in mapping.DuplicateKeys)
                {
                    var kept = mapping.KeyNode(duplicate.Value)?.Span;
                    var where = kept is { } span && span != duplicate.Span ? $" on line {span.StartLine}" : string.Empty;
                    context.Report(Rule, duplicate, duplicate.Value, where);
                }

                foreach (var entry in mapping.Entries)
                {
                    Visit(entry.Value, context);
                }

                break;
            case SequenceNode sequence:
                foreach (var item in sequence.Items)
                {
                    Visit(item, context);
                }

                break;
        }
    }
}
