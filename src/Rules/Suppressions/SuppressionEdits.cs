using CanaryGuard.Rules.Fixes;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Suppressions;

/// <summary>
/// The edits that suppress one finding where it is, in the two forms <see cref="SuppressionDirectives"/> and
/// <see cref="AnnotationSuppressions"/> read: a <c># canaryguard-disable-next-line ID</c> comment above its line, or
/// the id added to the resource's <c>canaryguard.io/suppress</c> annotation. The editor offers them as code actions.
/// </summary>
public static class SuppressionEdits
{
    private const string NextLineDirective = "# canaryguard-disable-next-line";

    /// <summary>
    /// A comment line above the finding's line, indented like it; when the line above already is such a comment, the
    /// id is added to it (a new comment between them would make the old one suppress the new comment's line).
    /// </summary>
    public static TextEdit NextLineComment(string file, SourceText source, SourceSpan span, string id)
    {
        var lineStart = source.LineStart(source.Start(span));
        if (lineStart > 0)
        {
            var above = source.LineStart(lineStart - 1);
            var aboveText = source[above, source.LineEnd(above)];
            var trimmed = aboveText.TrimStart();
            if (trimmed.StartsWith(NextLineDirective + " ", StringComparison.Ordinal))
            {
                var reason = aboveText.IndexOf(" --", StringComparison.Ordinal);
                var idsEnd = above + (reason >= 0 ? reason : aboveText.TrimEnd().Length);
                return TextEdit.Insert(file, idsEnd, ", " + id);
            }
        }

        var indent = source[lineStart, source.LineEnd(lineStart)];
        indent = indent[..(indent.Length - indent.TrimStart(' ', '\t').Length)];
        return TextEdit.Insert(file, lineStart, $"{indent}{NextLineDirective} {id}{source.NewLine}");
    }

    /// <summary>
    /// The id added to the resource's suppress annotation: a new entry (and <c>annotations</c> mapping when there is
    /// none), or appended to the annotation's list. Null when the metadata cannot take it (no metadata mapping,
    /// annotations that are not a mapping).
    /// </summary>
    public static TextEdit? Annotation(YamlEdits edits, KubernetesResource resource, string id)
    {
        if (resource.Metadata is not { } metadata)
        {
            return null;
        }

        if (metadata["annotations"] is not { } annotationsNode)
        {
            return edits.AddEntry(metadata, "annotations", YamlValue.Map((AnnotationSuppressions.AnnotationName, YamlValue.Quoted(id))));
        }

        if (annotationsNode is not MappingNode annotations)
        {
            return null;
        }

        if (annotations.Scalar(AnnotationSuppressions.AnnotationName) is not { IsNull: false } existing)
        {
            return annotations.ContainsKey(AnnotationSuppressions.AnnotationName)
                ? null
                : edits.AddEntry(annotations, AnnotationSuppressions.AnnotationName, YamlValue.Quoted(id));
        }

        var value = existing.Value.Trim().Length == 0 ? id : $"{existing.Value}, {id}";
        return existing.IsQuoted ? edits.ReplaceScalar(existing, value) : edits.Replace(existing, YamlValue.Quote(value));
    }
}
