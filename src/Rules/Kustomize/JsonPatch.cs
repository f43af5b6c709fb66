using System.Globalization;
using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>
/// RFC 6902 patches as kustomize applies them (<c>patchesJson6902</c>, or a <c>patches</c> entry whose patch is a
/// list of operations): add, remove, replace, move, copy and test, on JSON pointers. A value the patch sets keeps the
/// place it was written in the patch.
/// </summary>
internal static class JsonPatch
{
    public static void Apply(EditableMapping target, SequenceNode operations)
    {
        foreach (var item in operations.Items)
        {
            if (item is not MappingNode operation || operation.Scalar("op") is not { } op || operation.Scalar("path") is not { } path)
            {
                throw KustomizeException.AtNode(item, "a JSON patch operation needs 'op' and 'path'");
            }

            Apply(target, operation, op, path);
        }
    }

    private static void Apply(EditableMapping target, MappingNode operation, ScalarNode op, ScalarNode path)
    {
        EditableNode Value() => operation["value"] is { } value ? EditableNode.From(value) : throw KustomizeException.AtNode(op, $"JSON patch operation '{op.Value}' needs a 'value'");
        EditableNode From() => Find(target, operation.Scalar("from") ?? throw KustomizeException.AtNode(op, $"JSON patch operation '{op.Value}' needs a 'from'"));
        switch (op.Value)
        {
            case "add":
                Add(target, path, Value());
                break;
            case "remove":
                Remove(target, path);
                break;
            case "replace":
                Remove(target, path);
                Add(target, path, Value());
                break;
            case "move":
                var moved = From();
                Remove(target, operation.Scalar("from")!);
                Add(target, path, moved);
                break;
            case "copy":
                Add(target, path, From().Clone());
                break;
            case "test":
                if (!EditableNode.SameValue(Find(target, path), Value()))
                {
                    throw KustomizeException.AtNode(path, $"JSON patch test failed: {path.Value} does not hold the tested value");
                }

                break;
            default:
                throw KustomizeException.AtNode(op, $"unknown JSON patch operation '{op.Value}'");
        }
    }

    private static EditableNode Find(EditableMapping target, ScalarNode path)
    {
        var (parent, last) = Parent(target, path);
        return Child(parent, last, path) ?? throw Missing(path);
    }

    private static void Add(EditableMapping target, ScalarNode path, EditableNode value)
    {
        var (parent, last) = Parent(target, path);
        switch (parent)
        {
            case EditableMapping mapping:
                mapping.Set(last, value);
                break;
            case EditableSequence sequence when last == "-":
                sequence.Items.Add(value);
                break;
            case EditableSequence sequence when Index(last, sequence.Items.Count + 1) is { } index:
                sequence.Items.Insert(index, value);
                break;
            default:
                throw Missing(path);
        }
    }

    private static void Remove(EditableMapping target, ScalarNode path)
    {
        var (parent, last) = Parent(target, path);
        var removed = parent switch
        {
            EditableMapping mapping => mapping.Remove(last),
            EditableSequence sequence when Index(last, sequence.Items.Count) is { } index => RemoveAt(sequence, index),
            _ => false,
        };
        if (!removed)
        {
            throw Missing(path);
        }
    }

    private static bool RemoveAt(EditableSequence sequence, int index)
    {
        sequence.Items.RemoveAt(index);
        return true;
    }

    /// <summary>The node holding the pointer's last token, and that token.</summary>
    private static (EditableNode Parent, string Last) Parent(EditableMapping target, ScalarNode path)
    {
        if (!path.Value.StartsWith('/'))
        {
            throw KustomizeException.AtNode(path, $"JSON pointer '{path.Value}' must start with '/'");
        }

        var tokens = path.Value[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        EditableNode current = target;
        foreach (var token in tokens[..^1])
        {
            current = Child(current, token, path) ?? throw Missing(path);
        }

        return (current, tokens[^1]);
    }

    private static EditableNode? Child(EditableNode node, string token, ScalarNode path) => node switch
    {
        EditableMapping mapping => mapping[token],
        EditableSequence sequence => Index(token, sequence.Items.Count) is { } index ? sequence.Items[index] : throw Missing(path),
        _ => null,
    };

    private static int? Index(string token, int count) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < count ? index : null;

    private static KustomizeException Missing(ScalarNode path) =>
        KustomizeException.AtNode(path, $"JSON patch path {path.Value} does not exist in the target");
}
