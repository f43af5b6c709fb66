using System.Text;
using CanaryGuard.Linter.Lsp.Protocol;
using CanaryGuard.Rules.Engine;
using CanaryGuard.Rules.Model;
using CanaryGuard.Rules.Planning;
using CanaryGuard.Rules.Rules.Input;

namespace CanaryGuard.Linter.Lsp;

/// <summary>
/// Hover: on a finding, its rule's title, the message and the rule's page; on a field of a Flagger object, its type
/// and description from the CRD, and for the fields that pace a rollout what they make of it (the plan of
/// <c>canaryguard plan</c>: "interval 1m x 5 analyses: promotion after 6m").
/// </summary>
internal sealed class LspHover(PositionEncodingKind encoding)
{
    /// <summary>The analysis fields whose values set the pace of a rollout.</summary>
    private static readonly HashSet<string> PacingFields = new(StringComparer.Ordinal)
    {
        "interval", "threshold", "maxWeight", "stepWeight", "stepWeights", "stepWeightPromotion", "iterations",
    };

    public Hover? At(LspAnalysis analysis, OpenDocument document, Position position)
    {
        var positions = new TextPositions(document.Text, encoding);
        var offset = positions.OffsetOf(position);
        var text = new StringBuilder();
        LspRange? range = null;
        foreach (var finding in analysis.Of(document.Path).Where(d => Covers(DiagnosticConverter.RangeOf(d, positions), positions, offset)))
        {
            var descriptor = finding.Descriptor;
            text.Append(CultureInvariant($"**{descriptor.Id}: {descriptor.Title}** ({finding.Severity.ToText()})\n\n{finding.Message}\n\n[{descriptor.Id} documentation]({descriptor.HelpLink.AbsoluteUri})\n\n"));
            range ??= DiagnosticConverter.RangeOf(finding, positions);
        }

        if (FieldAt(document, positions, offset) is { } field)
        {
            if (text.Length > 0)
            {
                text.Append("---\n\n");
            }

            text.Append(Describe(field, analysis));
            range ??= positions.RangeOf(positions.OffsetOf(field.Node.Location!.Value.StartLine, field.Node.Location.Value.StartColumn), positions.OffsetOf(field.Node.Location.Value.EndLine, field.Node.Location.Value.EndColumn));
        }

        return text.Length == 0 ? null : new Hover(MarkupContent.Markdown(text.ToString().TrimEnd()), range);
    }

    /// <summary>A field of a Flagger object under the cursor: its node, the object, and its path from the object's root.</summary>
    private sealed record Field(KubernetesResource Resource, ManifestNode Node, IReadOnlyList<string> Segments);

    private static bool Covers(LspRange range, TextPositions positions, int offset) =>
        positions.OffsetOf(range.Start) <= offset && offset <= positions.OffsetOf(range.End);

    private static Field? FieldAt(OpenDocument document, TextPositions positions, int offset)
    {
        if (document.Parsed is not { } file)
        {
            return null;
        }

        foreach (var root in file.Documents.Select(d => d.Root).OfType<MappingNode>())
        {
            foreach (var resource in KubernetesResource.FromRoot(file, root).Where(r => FlaggerSchema.ByKind.ContainsKey(r.Kind) && r.Group == FlaggerSchema.Group))
            {
                var segments = new List<string>();
                var found = Descend(resource.Root, positions, offset, segments);
                if (found is not null)
                {
                    return new Field(resource, found, segments);
                }
            }
        }

        return null;
    }

    /// <summary>The deepest node below <paramref name="node"/> whose key or value holds the offset, its path in <paramref name="segments"/>.</summary>
    private static ManifestNode? Descend(ManifestNode node, TextPositions positions, int offset, List<string> segments)
    {
        switch (node)
        {
            case MappingNode mapping:
                foreach (var entry in mapping.Entries)
                {
                    segments.Add(entry.KeyText);
                    if (Holds(entry.Value.KeySpan, positions, offset))
                    {
                        return entry.Value;
                    }

                    if (Descend(entry.Value, positions, offset, segments) is { } inner)
                    {
                        return inner;
                    }

                    if (Holds(entry.Value.Span, positions, offset) && entry.Value is ScalarNode)
                    {
                        return entry.Value;
                    }

                    segments.RemoveAt(segments.Count - 1);
                }

                return null;
            case SequenceNode sequence:
                foreach (var item in sequence.Items)
                {
                    segments.Add(FlaggerFieldDocs.Items);
                    if (Descend(item, positions, offset, segments) is { } inner)
                    {
                        return inner;
                    }

                    segments.RemoveAt(segments.Count - 1);
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Holds(SourceSpan? span, TextPositions positions, int offset) =>
        span is { } s && positions.OffsetOf(s.StartLine, s.StartColumn) <= offset && offset <= positions.OffsetOf(s.EndLine, s.EndColumn);

    private static string Describe(Field field, LspAnalysis analysis)
    {
        var kind = field.Resource.Kind;
        var text = new StringBuilder();
        text.Append(CultureInvariant($"**{kind}** `{FlaggerFieldDocs.Join(field.Segments)}`"));
        if (FlaggerFieldDocs.SchemaOf(kind, field.Segments) is { } schema)
        {
            text.Append(CultureInvariant($": {FlaggerFieldDocs.TypeOf(schema)}"));
        }
        else
        {
            text.Append(": not a field of Flagger's schema (the API server prunes it)");
        }

        if (FlaggerFieldDocs.DescriptionOf(kind, field.Segments) is { } description)
        {
            text.Append("\n\n").Append(description);
        }

        if (kind == "Canary" && field.Segments is ["spec", "analysis", var name, ..] && PacingFields.Contains(name)
            && RolloutPlanner.Plan(field.Resource, analysis.Snapshot.Policies.PolicyFor(field.Resource.File.Path)) is { } plan)
        {
            text.Append("\n\n").Append(Effect(plan));
        }

        return text.ToString();
    }

    /// <summary>What the pacing fields make of the rollout, in <c>canaryguard plan</c>'s terms.</summary>
    public static string Effect(RolloutPlan plan)
    {
        var interval = RolloutPlanner.Format(plan.Interval);
        var healthy = plan.Promotes
            ? $"interval {interval} x {plan.Analyses} analyses: promotion after {RolloutPlanner.Format(plan.TimeToPromotion)}"
            : $"interval {interval} x {plan.Analyses} analyses: this Canary never promotes";
        var failing = plan.Failing.Detected
            ? $"a failing canary is rolled back after {RolloutPlanner.Format(plan.Failing.TimeToRollback)}, having served up to {RolloutPlanner.Percent(plan.Failing.ExposedWeight)} of the traffic (threshold {plan.Threshold})"
            : "a failing canary is never detected: it is promoted";
        return $"Rollout: {healthy}; {failing}. `canaryguard plan` shows every step.";
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
