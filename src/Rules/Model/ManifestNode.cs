using System.Buffers;
using System.Globalization;
using System.Text;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// A node of a parsed manifest. Nodes are immutable once a document is built; each knows the path that
/// addresses it (<c>spec.analysis.metrics[1].thresholdRange.max</c>) and, for YAML input, where it stands.
/// </summary>
public abstract class ManifestNode
{
    // Spans are kept as their parts, not as SourceSpan? fields, and a key is kept as its text and span, not as a
    // node of its own: a lint keeps every node of every file until the cross-file rules ran, and two nullable spans
    // plus a node per key were most of that memory and half of the objects the garbage collector had to move
    // (docs/performance.md). A key's node is made when a rule asks for it (MappingEntry.Key).
    private const int Absent = -1;

    private readonly string? file;
    private readonly int startLine = Absent;
    private readonly int startColumn;
    private readonly int endLine;
    private readonly int endColumn;
    private readonly int keyStartLine = Absent;
    private readonly int keyStartColumn;
    private readonly int keyEndLine;
    private readonly int keyEndColumn;

    private protected ManifestNode(string path, SourceSpan? span, SourceSpan? keySpan)
    {
        Path = path;
        if (span is { } at)
        {
            file = at.File;
            (startLine, startColumn, endLine, endColumn) = (at.StartLine, at.StartColumn, at.EndLine, at.EndColumn);
        }

        // A key stands in the same file as its value; a node from JSON has neither.
        if (keySpan is { } key)
        {
            file ??= key.File;
            (keyStartLine, keyStartColumn, keyEndLine, keyEndColumn) = (key.StartLine, key.StartColumn, key.EndLine, key.EndColumn);
        }
    }

    public string Path { get; }

    /// <summary>Where the node's value stands; null for input without positions (JSON from the API server).</summary>
    public SourceSpan? Span => file is null || startLine == Absent ? null : new SourceSpan(file, startLine, startColumn, endLine, endColumn);

    /// <summary>Where the key naming this node in its parent mapping stands; null for roots and sequence items.</summary>
    public SourceSpan? KeySpan => file is null || keyStartLine == Absent ? null : new SourceSpan(file, keyStartLine, keyStartColumn, keyEndLine, keyEndColumn);

    /// <summary>Where a finding about this node is reported: its key when it has one, otherwise the node itself.</summary>
    public SourceSpan? Location => KeySpan ?? Span;

    private static readonly SearchValues<char> SimpleKeyCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    /// <summary>The path of a mapping's child (shared: the same path in many documents is one string).</summary>
    public static string ChildPath(string parent, string key) => SharedStrings.Path(parent, key, -1, static (p, k, _) => BuildChildPath(p, k!));

    /// <summary>The path of a sequence item (shared like <see cref="ChildPath"/>).</summary>
    public static string ItemPath(string parent, int index) =>
        SharedStrings.Path(parent, null, index, static (p, _, i) => p + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");

    /// <summary>The path of the mapping holding <paramref name="key"/>, from its child's path (see <see cref="ChildPath"/>).</summary>
    internal static string ParentPath(string childPath, string key)
    {
        var segment = Segment(key, out var simple);
        var parentLength = childPath.Length - segment.Length;
        return childPath[..(simple && parentLength > 0 ? parentLength - 1 : parentLength)];
    }

    private static string BuildChildPath(string parent, string key)
    {
        var segment = Segment(key, out var simple);
        if (parent.Length == 0)
        {
            return segment;
        }

        return simple ? parent + "." + segment : parent + segment;
    }

    /// <summary>How a key is written in a path: as it is when simple (<c>.name</c>), otherwise quoted (<c>["a.b"]</c>).</summary>
    private static string Segment(string key, out bool simple)
    {
        simple = key.Length > 0 && !key.AsSpan().ContainsAnyExcept(SimpleKeyCharacters);
        return simple ? key : "[\"" + key.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";
    }
}

/// <summary>
/// An entry of a mapping: its key's text and the value (which knows its path and where its key stands). Keys are not
/// kept as nodes, nor is the mapping's path (every entry of every kept mapping would hold it); <see cref="Key"/> makes
/// a key's node for a finding about the key itself.
/// </summary>
public readonly struct MappingEntry(string keyText, ScalarStyle keyStyle, ManifestNode value)
{
    public string KeyText { get; } = keyText;

    public ScalarStyle KeyStyle { get; } = keyStyle;

    public ManifestNode Value { get; } = value;

    /// <summary>The key as a node (a new one on each call), at the mapping's path and where the key stands.</summary>
    public ScalarNode Key => new(ManifestNode.ParentPath(Value.Path, KeyText), Value.KeySpan, null, KeyText, KeyStyle, ScalarKind.String);

    public void Deconstruct(out ScalarNode key, out ManifestNode value)
    {
        key = Key;
        value = Value;
    }
}

public sealed class MappingNode : ManifestNode
{
    /// <summary>Up to this many entries a key is found by a scan; a dictionary would cost more memory than it saves time.</summary>
    private const int IndexedFrom = 9;

    /// <summary>Key to value for larger mappings; null for small ones (most of a manifest), which are scanned.</summary>
    private readonly Dictionary<string, ManifestNode>? byKey;

    public MappingNode(string path, SourceSpan? span, SourceSpan? keySpan, ReadOnlySpan<MappingEntry> entries, IReadOnlyList<ScalarNode> duplicateKeys)
        : base(path, span, keySpan)
    {
        Entries = new NodeList<MappingEntry>(entries);
        DuplicateKeys = duplicateKeys;
        if (entries.Length >= IndexedFrom)
        {
            byKey = new Dictionary<string, ManifestNode>(entries.Length, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                // Kubernetes keeps the last of duplicated keys; duplicates are recorded for CG0002.
                byKey[entry.KeyText] = entry.Value;
            }
        }
    }

    public NodeList<MappingEntry> Entries { get; }

    /// <summary>Keys that appeared again later in the same mapping (each earlier occurrence is listed).</summary>
    public IReadOnlyList<ScalarNode> DuplicateKeys { get; }

    public IEnumerable<string> Keys => byKey?.Keys ?? Entries.Select(e => e.KeyText).Distinct(StringComparer.Ordinal);

    public bool ContainsKey(string key) => this[key] is not null;

    public ManifestNode? this[string key]
    {
        get
        {
            if (byKey is not null)
            {
                return byKey.GetValueOrDefault(key);
            }

            // The last entry with the key wins, as in the dictionary (and in Kubernetes).
            for (var i = Entries.Count - 1; i >= 0; i--)
            {
                if (string.Equals(Entries[i].KeyText, key, StringComparison.Ordinal))
                {
                    return Entries[i].Value;
                }
            }

            return null;
        }
    }

    public MappingNode? Mapping(string key) => this[key] as MappingNode;

    public SequenceNode? Sequence(string key) => this[key] as SequenceNode;

    public ScalarNode? Scalar(string key) => this[key] as ScalarNode;

    /// <summary>The scalar's string value, or null when absent, null-valued or not a scalar.</summary>
    public string? String(string key) => Scalar(key) is { IsNull: false } s ? s.Value : null;

    /// <summary>Follows a dotted chain of mapping keys (no sequences).</summary>
    public ManifestNode? At(params string[] keys)
    {
        ManifestNode? current = this;
        foreach (var key in keys)
        {
            current = (current as MappingNode)?[key];
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The key node of an entry, for findings about a key itself.</summary>
    public ScalarNode? KeyNode(string key)
    {
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (Entries[i].KeyText == key)
            {
                return Entries[i].Key;
            }
        }

        return null;
    }
}

public sealed class SequenceNode : ManifestNode
{
    public SequenceNode(string path, SourceSpan? span, SourceSpan? keySpan, ReadOnlySpan<ManifestNode> items)
        : base(path, span, keySpan)
    {
        Items = new NodeList<ManifestNode>(items);
    }

    public NodeList<ManifestNode> Items { get; }

    public int Count => Items.Count;
}

/// <summary>How a scalar was written; rules use it to tell <c>"true"</c> from <c>true</c>.</summary>
public enum ScalarStyle : byte
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>The type Kubernetes' YAML decoder (YAML 1.1 rules, as sigs.k8s.io/yaml) gives a scalar.</summary>
public enum ScalarKind : byte
{
    Null,
    Bool,
    Int,
    Float,
    String,
}

public sealed class ScalarNode : ManifestNode
{
    public ScalarNode(string path, SourceSpan? span, SourceSpan? keySpan, string value, ScalarStyle style, ScalarKind kind)
        : base(path, span, keySpan)
    {
        Value = value;
        Style = style;
        Kind = kind;
    }

    /// <summary>The text as written (unescaped), whatever its type.</summary>
    public string Value { get; }

    public ScalarStyle Style { get; }

    public ScalarKind Kind { get; }

    public bool IsNull => Kind == ScalarKind.Null;

    public bool IsQuoted => Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;

    public bool TryGetInt64(out long value)
    {
        value = 0;
        return Kind == ScalarKind.Int && ScalarResolver.TryParseInteger(Value, out value);
    }

    /// <summary>A number as a double; integers included.</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        return Kind switch
        {
            ScalarKind.Int when ScalarResolver.TryParseInteger(Value, out var integer) => Assign(out value, integer),
            ScalarKind.Float => ScalarResolver.TryParseFloat(Value, out value),
            _ => false,
        };
    }

    public bool TryGetBool(out bool value)
    {
        value = false;
        return Kind == ScalarKind.Bool && ScalarResolver.TryParseBool(Value, out value);
    }

    /// <summary>The value in JSON form, as the API server would receive it; for messages.</summary>
    public string Display => Kind == ScalarKind.String ? Value : Value.ToString(CultureInfo.InvariantCulture);

    public override string ToString()
    {
        var builder = new StringBuilder(Value.Length + 2);
        return Kind == ScalarKind.String ? builder.Append('"').Append(Value).Append('"').ToString() : Value;
    }

    private static bool Assign(out double target, long source)
    {
        target = source;
        return true;
    }
}
