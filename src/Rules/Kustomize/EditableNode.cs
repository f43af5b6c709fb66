using CanaryGuard.Rules.Model;

namespace CanaryGuard.Rules.Kustomize;

/// <summary>
/// Where a node of a built object was written: the file, the value's place and its key's place. A built object mixes
/// nodes of several files (a base, its patches, the kustomization that set a namespace); each keeps its own, so a
/// finding about the node points at the line the user must edit.
/// </summary>
internal readonly record struct NodeOrigin(LineMap? Lines, TextRange Range, KeyRange Key)
{
    public static NodeOrigin Of(ManifestNode node) => new(node.Lines, node.Range, node.KeyRange);

    /// <summary>Where a finding about the node is reported: its key when it has one, else the value.</summary>
    public SourceSpan? Location => Lines is null ? null : !Key.Range.IsNone ? Lines.Span(Key.Range.Start, Key.Range.End) : Range.IsNone ? null : Lines.Span(Range.Start, Range.End);
}

/// <summary>
/// A node of an object being built. Kustomize's transformations move, replace and rename parts of objects; the
/// manifest nodes rules read are immutable and know their path, so a build works on these and makes manifest nodes
/// (with the paths they end up at) once it is done.
/// </summary>
internal abstract class EditableNode(NodeOrigin origin)
{
    public NodeOrigin Origin { get; set; } = origin;

    public abstract EditableNode Clone();

    public static EditableNode From(ManifestNode node) => node switch
    {
        MappingNode mapping => new EditableMapping(
            NodeOrigin.Of(mapping),
            mapping.Entries.Select(e => new KeyValuePair<string, EditableNode>(e.KeyText, From(e.Value))),
            mapping.DuplicateKeys),
        SequenceNode sequence => new EditableSequence(NodeOrigin.Of(sequence), sequence.Items.Select(From)),
        ScalarNode scalar => new EditableScalar(NodeOrigin.Of(scalar), scalar.Value, scalar.Style, scalar.Kind),
        _ => throw new ArgumentException("unknown node type", nameof(node)),
    };

    /// <summary>The manifest node at <paramref name="path"/>, with every node below it at its own path.</summary>
    public abstract ManifestNode ToManifest(string path);

    /// <summary>Whether two nodes hold the same value, wherever they were written (JSON patch's <c>test</c>).</summary>
    public static bool SameValue(EditableNode? left, EditableNode? right) => (left, right) switch
    {
        (EditableScalar a, EditableScalar b) => a.Value == b.Value && (a.Kind == ScalarKind.String) == (b.Kind == ScalarKind.String),
        (EditableSequence a, EditableSequence b) => a.Items.Count == b.Items.Count && a.Items.Zip(b.Items).All(p => SameValue(p.First, p.Second)),
        (EditableMapping a, EditableMapping b) => a.Entries.Count == b.Entries.Count && a.Entries.All(e => SameValue(e.Value, b[e.Key])),
        _ => false,
    };
}

internal sealed class EditableMapping : EditableNode
{
    public EditableMapping(NodeOrigin origin, IEnumerable<KeyValuePair<string, EditableNode>> entries, IReadOnlyList<ScalarNode>? duplicateKeys = null)
        : base(origin)
    {
        Entries = [.. entries];
        DuplicateKeys = duplicateKeys ?? [];
    }

    public List<KeyValuePair<string, EditableNode>> Entries { get; }

    /// <summary>What the reader recorded for CG0002; kept as read, since a build never writes a key twice.</summary>
    public IReadOnlyList<ScalarNode> DuplicateKeys { get; }

    public EditableNode? this[string key] => Entries.FindLast(e => e.Key == key).Value;

    public string? String(string key) => this[key] is EditableScalar { IsNull: false } scalar ? scalar.Value : null;

    public EditableMapping? Mapping(string key) => this[key] as EditableMapping;

    /// <summary>Sets a key: in place when it is there (the value's key keeps where it was written), else at the end.</summary>
    public void Set(string key, EditableNode value)
    {
        var index = Entries.FindLastIndex(e => e.Key == key);
        if (index >= 0)
        {
            Entries[index] = new(key, value);
        }
        else
        {
            Entries.Add(new(key, value));
        }
    }

    public bool Remove(string key) => Entries.RemoveAll(e => e.Key == key) > 0;

    /// <summary>The mapping under <paramref name="key"/>, made (at <paramref name="madeAt"/>) when missing or not a mapping.</summary>
    public EditableMapping GetOrAddMapping(string key, NodeOrigin madeAt)
    {
        if (Mapping(key) is { } existing)
        {
            return existing;
        }

        var made = new EditableMapping(madeAt, []);
        Set(key, made);
        return made;
    }

    public override EditableNode Clone() => new EditableMapping(Origin, Entries.Select(e => new KeyValuePair<string, EditableNode>(e.Key, e.Value.Clone())), DuplicateKeys);

    public override ManifestNode ToManifest(string path)
    {
        var entries = new MappingEntry[Entries.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var (key, value) = Entries[i];
            entries[i] = new MappingEntry(key, value.ToManifest(ManifestNode.ChildPath(path, key)));
        }

        return new MappingNode(path, Origin.Lines, Origin.Range, Origin.Key, entries, DuplicateKeys);
    }
}

internal sealed class EditableSequence(NodeOrigin origin, IEnumerable<EditableNode> items) : EditableNode(origin)
{
    public List<EditableNode> Items { get; } = [.. items];

    public override EditableNode Clone() => new EditableSequence(Origin, Items.Select(i => i.Clone()));

    public override ManifestNode ToManifest(string path)
    {
        var items = new ManifestNode[Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Items[i].ToManifest(ManifestNode.ItemPath(path, i));
        }

        return new SequenceNode(path, Origin.Lines, Origin.Range, Origin.Key, items);
    }
}

internal sealed class EditableScalar(NodeOrigin origin, string value, ScalarStyle style, ScalarKind kind) : EditableNode(origin)
{
    public string Value { get; set; } = value;

    public ScalarStyle Style { get; } = style;

    public ScalarKind Kind { get; } = kind;

    public bool IsNull => Kind == ScalarKind.Null;

    /// <summary>A string value a transformer wrote (a namespace, a label), standing where the kustomization wrote it.</summary>
    public static EditableScalar Text(NodeOrigin origin, string value) => new(origin, value, ScalarStyle.Plain, ScalarKind.String);

    public override EditableNode Clone() => new EditableScalar(Origin, Value, Style, Kind);

    public override ManifestNode ToManifest(string path) => new ScalarNode(path, Origin.Lines, Origin.Range, Origin.Key, Value, Style, Kind);
}
