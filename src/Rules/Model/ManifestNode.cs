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
    // Where a node and its key stand is kept as character offsets into the file's text, resolved to lines and columns
    // through the file's LineMap when asked; a key is kept as its offsets and style, not as a node of its own. A lint
    // keeps every node of every file until the cross-file rules ran: two full spans and a node per key were most of
    // that memory and half of the objects the garbage collector had to move (docs/performance.md). A key's node is
    // made when a rule asks for it (MappingEntry.Key).
    private const int TraitBits = 3;
    private const int KeyLengthShift = 3 * TraitBits;
    private const uint TraitMask = (1u << TraitBits) - 1;

    /// <summary>The longest key whose place is kept: a document is at most 8 MiB (ParseLimits), and so its keys.</summary>
    private const int MaxKeyLength = (int)(uint.MaxValue >> KeyLengthShift);

    private readonly LineMap? lines;
    private readonly int start;
    private readonly int end;
    private readonly int keyStart;

    // In one int: the key's style and length, and a scalar's style and kind (as three bits each, the length above
    // them); a scalar node is then a word smaller, and there are more of them than of anything else a lint keeps.
    private readonly uint traits;

    private protected ManifestNode(string path, LineMap? lines, TextRange range, KeyRange key, ScalarStyle style = default, ScalarKind kind = default)
    {
        Path = path;
        this.lines = lines;
        (start, end) = (range.Start, range.End);

        // A key too long to keep the place of (a larger document limit) leaves its findings at the value.
        var keyLength = key.Range.End - key.Range.Start;
        var keyKept = keyLength is >= 0 and <= MaxKeyLength;
        keyStart = keyKept ? key.Range.Start : TextRange.None.Start;
        traits = ((keyKept ? (uint)keyLength : 0) << KeyLengthShift) | ((uint)kind << (2 * TraitBits)) | ((uint)style << TraitBits) | (uint)key.Style;
    }

    public string Path { get; }

    /// <summary>Where the node's value stands; null for input without positions (JSON from the API server).</summary>
    public SourceSpan? Span => lines is null || start < 0 ? null : lines.Span(start, end);

    /// <summary>Where the key naming this node in its parent mapping stands; null for roots and sequence items.</summary>
    public SourceSpan? KeySpan => lines is null || keyStart < 0 ? null : lines.Span(keyStart, keyStart + (int)(traits >> KeyLengthShift));

    /// <summary>The positions of the file the node stands in; null for input without positions.</summary>
    internal LineMap? Lines => lines;

    /// <summary>Where the node stands in <see cref="Lines"/>.</summary>
    internal TextRange Range => new(start, end);

    /// <summary>Where the key naming the node stands in <see cref="Lines"/>, and how it is written.</summary>
    internal KeyRange KeyRange => new(new TextRange(keyStart, keyStart + (int)(traits >> KeyLengthShift)), (ScalarStyle)(traits & TraitMask));

    /// <summary>How a scalar node is written (see <see cref="ScalarNode.Style"/>).</summary>
    private protected ScalarStyle ScalarStyleTrait => (ScalarStyle)((traits >> TraitBits) & TraitMask);

    /// <summary>A scalar node's type (see <see cref="ScalarNode.Kind"/>).</summary>
    private protected ScalarKind ScalarKindTrait => (ScalarKind)((traits >> (2 * TraitBits)) & TraitMask);

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

/// <summary>A stretch of a file's text as character offsets, end exclusive; <see cref="None"/> for input without positions.</summary>
public readonly record struct TextRange(int Start, int End)
{
    public static TextRange None { get; } = new(-1, -1);

    public bool IsNone => Start < 0;
}

/// <summary>Where the key naming a node stands, and how it is written; <see cref="None"/> for roots and sequence items.</summary>
public readonly record struct KeyRange(TextRange Range, ScalarStyle Style)
{
    public static KeyRange None { get; } = new(TextRange.None, ScalarStyle.Plain);
}

/// <summary>
/// An entry of a mapping: its key's text and the value (which knows its path and where its key stands and how it is
/// written). Keys are not kept as nodes, nor is the mapping's path (every entry of every kept mapping would hold it);
/// <see cref="Key"/> makes a key's node for a finding about the key itself.
/// </summary>
public readonly struct MappingEntry(string keyText, ManifestNode value)
{
    public string KeyText { get; } = keyText;

    public ManifestNode Value { get; } = value;

    public ScalarStyle KeyStyle => Value.KeyRange.Style;

    /// <summary>The key as a node (a new one on each call), at the mapping's path and where the key stands.</summary>
    public ScalarNode Key => new(ManifestNode.ParentPath(Value.Path, KeyText), Value.Lines, Value.KeyRange.Range, KeyRange.None, KeyText, KeyStyle, ScalarKind.String);

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

    // Most mappings are small and have no duplicate keys: what only the others need is one field, null for most.
    private readonly Extras? extras;

    public MappingNode(string path, LineMap? lines, TextRange range, KeyRange key, ReadOnlySpan<MappingEntry> entries, IReadOnlyList<ScalarNode> duplicateKeys)
        : this(path, lines, range, key, new NodeList<MappingEntry>(entries), duplicateKeys)
    {
    }

    internal MappingNode(string path, LineMap? lines, TextRange range, KeyRange key, NodeList<MappingEntry> entries, IReadOnlyList<ScalarNode> duplicateKeys)
        : base(path, lines, range, key)
    {
        Entries = entries;
        Dictionary<string, ManifestNode>? byKey = null;
        if (entries.Count >= IndexedFrom)
        {
            byKey = new Dictionary<string, ManifestNode>(entries.Count, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                // Kubernetes keeps the last of duplicated keys; duplicates are recorded for CG0002.
                byKey[entry.KeyText] = entry.Value;
            }
        }

        if (byKey is not null || duplicateKeys.Count > 0)
        {
            extras = new Extras(byKey, duplicateKeys);
        }
    }

    public NodeList<MappingEntry> Entries { get; }

    /// <summary>Keys that appeared again later in the same mapping (each earlier occurrence is listed).</summary>
    public IReadOnlyList<ScalarNode> DuplicateKeys => extras?.DuplicateKeys ?? [];

    /// <summary>Key to value for larger mappings; null for small ones (most of a manifest), which are scanned.</summary>
    private Dictionary<string, ManifestNode>? ByKey => extras?.ByKey;

    public IEnumerable<string> Keys => ByKey?.Keys ?? Entries.Select(e => e.KeyText).Distinct(StringComparer.Ordinal);

    public bool ContainsKey(string key) => this[key] is not null;

    public ManifestNode? this[string key]
    {
        get
        {
            if (ByKey is { } byKey)
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

    private sealed record Extras(Dictionary<string, ManifestNode>? ByKey, IReadOnlyList<ScalarNode> DuplicateKeys);
}

public sealed class SequenceNode : ManifestNode
{
    public SequenceNode(string path, LineMap? lines, TextRange range, KeyRange key, ReadOnlySpan<ManifestNode> items)
        : base(path, lines, range, key)
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
    public ScalarNode(string path, LineMap? lines, TextRange range, KeyRange key, string value, ScalarStyle style, ScalarKind kind)
        : base(path, lines, range, key, style, kind)
    {
        Value = value;
    }

    /// <summary>The text as written (unescaped), whatever its type.</summary>
    public string Value { get; }

    public ScalarStyle Style => ScalarStyleTrait;

    public ScalarKind Kind => ScalarKindTrait;

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
