using System.Globalization;
using System.Text;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Tests.Infrastructure;

/// <summary>
/// Everything a reader put into a <see cref="ManifestFile"/>, one fact a line, so that two readers can be compared
/// with a plain string comparison and a difference reads as a line diff. This is the only equality of manifest
/// files the tests have: a field added to the model belongs here.
/// </summary>
internal static class ManifestDump
{
    public static string Of(ManifestFile file)
    {
        var dump = new StringBuilder();
        dump.Append("file ").AppendLine(Quoted(file.Path));
        foreach (var document in file.Documents)
        {
            dump.Append(CultureInfo.InvariantCulture, $"document {document.Index} span {Format(document.Span, file.Path)}").AppendLine();
            if (document.Root is null)
            {
                dump.AppendLine("  (empty)");
            }
            else
            {
                AppendNode(dump, document.Root, file.Path, 1);
            }
        }

        foreach (var problem in file.Problems)
        {
            dump.Append(CultureInfo.InvariantCulture, $"problem {problem.Kind} {Format(problem.Span, file.Path)} {Quoted(problem.Message)}").AppendLine();
        }

        foreach (var comment in file.Comments)
        {
            var placement = comment.IsWholeLine ? "own-line" : "trailing";
            dump.Append(CultureInfo.InvariantCulture, $"comment ({comment.Line},{comment.Column}) {placement} {Quoted(comment.Text)}").AppendLine();
        }

        return dump.ToString();
    }

    private static void AppendNode(StringBuilder dump, ManifestNode node, string file, int depth)
    {
        var indent = new string(' ', depth * 2);
        dump.Append(indent).Append(Quoted(node.Path)).Append(' ');
        switch (node)
        {
            case ScalarNode scalar:
                dump.Append(CultureInfo.InvariantCulture, $"scalar {scalar.Style} {scalar.Kind} {Quoted(scalar.Value)}");
                AppendSpans(dump, node, file);
                break;
            case MappingNode mapping:
                dump.Append(CultureInfo.InvariantCulture, $"mapping of {mapping.Entries.Count}");
                AppendSpans(dump, node, file);
                foreach (var entry in mapping.Entries)
                {
                    dump.Append(indent).Append(CultureInfo.InvariantCulture, $"  key {entry.KeyStyle} {Quoted(entry.KeyText)}");

                    // An entry's key node takes its path from the value's; shown only when that is not the mapping's path.
                    if (entry.Key.Path != mapping.Path)
                    {
                        dump.Append(" key node at ").Append(Quoted(entry.Key.Path));
                    }

                    dump.AppendLine();
                    AppendNode(dump, entry.Value, file, depth + 2);
                }

                foreach (var duplicate in mapping.DuplicateKeys)
                {
                    dump.Append(indent).Append("  duplicate key").AppendLine();
                    AppendNode(dump, duplicate, file, depth + 2);
                }

                break;
            case SequenceNode sequence:
                dump.Append(CultureInfo.InvariantCulture, $"sequence of {sequence.Items.Count}");
                AppendSpans(dump, node, file);
                foreach (var item in sequence.Items)
                {
                    AppendNode(dump, item, file, depth + 1);
                }

                break;
            default:
                throw new ArgumentException($"a node type the dump does not know: {node.GetType().Name}", nameof(node));
        }
    }

    private static void AppendSpans(StringBuilder dump, ManifestNode node, string file) =>
        dump.Append(" span ").Append(Format(node.Span, file)).Append(" key ").Append(Format(node.KeySpan, file)).AppendLine();

    private static string Format(SourceSpan? span, string file) => span switch
    {
        null => "none",
        { } at => string.Create(CultureInfo.InvariantCulture, $"({at.StartLine},{at.StartColumn})-({at.EndLine},{at.EndColumn})")
            + (at.File == file ? string.Empty : " in " + Quoted(at.File)),
    };

    /// <summary>The text in double quotes with every character that could hide in a diff written as an escape.</summary>
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\uFEFF' or '\u00A0' or '\u2028' or '\u2029' =>
                    quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
