using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>
/// Where the nodes of an inline patch (<c>patch: |-</c> in a kustomization) stand in the kustomization. A literal block
/// scalar keeps its lines as written, each after the block's indentation, so an offset into the patch's text is an
/// offset into the kustomization: same line of the block, same column plus the indentation.
/// </summary>
internal sealed class InlinePatchPositions
{
    private readonly LineMap file;
    private readonly LineMap patch;
    private readonly int firstLine;
    private readonly int indent;
    private readonly int lineCount;

    private InlinePatchPositions(LineMap file, LineMap patch, int firstLine, int indent, int lineCount) =>
        (this.file, this.patch, this.firstLine, this.indent, this.lineCount) = (file, patch, firstLine, indent, lineCount);

    /// <summary>
    /// The positions of the inline patch <paramref name="block"/>, whose text was parsed with <paramref name="patch"/>'s
    /// lines; null when its lines cannot be matched to the kustomization's (a folded block, a quoted string, a line of
    /// another length than the block says): its nodes then point at the patch as a whole.
    /// </summary>
    public static InlinePatchPositions? Of(ScalarNode block, LineMap patch)
    {
        if (block is not { Style: ScalarStyle.Literal, Lines: { } file } || block.Range.IsNone)
        {
            return null;
        }

        // The block's header (| or |- and an optional comment) ends its first line; its text starts on the next.
        var firstLine = file.Position(block.Range.Start).Line + 1;
        var lines = block.Value.Split('\n');
        var lineCount = block.Value.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        var sample = Array.FindIndex(lines, 0, lineCount, line => line.Length > 0);
        if (sample < 0)
        {
            return null;
        }

        var indent = file.LineLength(firstLine + sample) - lines[sample].Length;
        for (var i = 0; i < lineCount; i++)
        {
            var length = file.LineLength(firstLine + i);
            if (indent <= 0 || (lines[i].Length > 0 ? length != indent + lines[i].Length : length > indent))
            {
                return null;
            }
        }

        return new InlinePatchPositions(file, patch, firstLine, indent, lineCount);
    }

    /// <summary>The node's place in the kustomization.</summary>
    public NodeOrigin Relocate(NodeOrigin origin) =>
        new(file, Relocate(origin.Range), origin.Key with { Range = Relocate(origin.Key.Range) });

    private TextRange Relocate(TextRange range) => range.IsNone ? range : new(Offset(range.Start), Offset(range.End));

    private int Offset(int patchOffset)
    {
        var (line, column) = patch.Position(patchOffset);

        // A node that reaches the end of the patch ends where the block does: at the start of the line after it.
        return line > lineCount
            ? file.LineStart(firstLine + lineCount)
            : file.LineStart(firstLine + line - 1) + indent + column - 1;
    }
}
