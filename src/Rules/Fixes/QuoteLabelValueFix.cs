using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Rules.Coverage;

namespace CanaryGuard.Rules.Fixes;

/// <summary>CG4002: quotes the value as written (<c>yes</c> becomes <c>"yes"</c>, <c>1.10</c> becomes <c>"1.10"</c>).</summary>
public sealed class QuoteLabelValueFix : CodeFixProvider
{
    public override IReadOnlyList<string> FixableDiagnosticIds { get; } = [NonStringLabelValueRule.Rule.Id];

    public override string EquivalenceKey => "QuoteLabelValue";

    public override string Title => "quotes the value as written, so it stays the string it looks like";

    public override IEnumerable<TextEdit> ComputeEdits(FixContext context)
    {
        // Only a plain scalar whose text is its value: a tagged one (!!int 1) says its type on purpose.
        if (context.Node is ScalarNode { Style: ScalarStyle.Plain } value
            && context.Edits.Source[context.Edits.Start(value), context.Edits.End(value)] == value.Value)
        {
            yield return context.Edits.Replace(value, YamlValue.Quote(value.Value));
        }
    }
}
