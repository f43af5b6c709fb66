using System.Collections.Concurrent;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// One copy of the strings every manifest repeats: keys (<c>apiVersion</c>, <c>containerPort</c>), node paths
/// (<c>spec.template.spec.containers[0].ports[0].containerPort</c> is the same in every Deployment) and short
/// values (<c>apps/v1</c>, <c>http</c>, <c>80</c>: a 10,000-app repository has 600,000 values but 43,000 distinct
/// ones). Without it a large lint run keeps a copy per node, most of its memory. Bounded, so a long-running webhook
/// or input with endless distinct strings cannot grow it without limit: past the bound, strings are simply not shared.
/// </summary>
internal static class SharedStrings
{
    private const int Capacity = 1 << 14;

    /// <summary>Longer strings are not shared: together with <see cref="Capacity"/> this caps what is held at about 10 MiB.</summary>
    private const int MaxLength = 128;

    /// <summary>
    /// Values are shared up to this length: longer ones (queries, scripts) are rarely repeated. With
    /// <see cref="ValueCapacity"/> this caps what values hold at about 15 MiB.
    /// </summary>
    private const int MaxValueLength = 64;

    /// <summary>Values have their own bound, so the distinct names of a large repository cannot crowd out keys and paths.</summary>
    private const int ValueCapacity = 1 << 16;

    private static readonly ConcurrentDictionary<string, string> Keys = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Values = new(StringComparer.Ordinal);
    private static int valueCount;
    private static readonly ConcurrentDictionary<(string Parent, string? Key, int Index), string> Paths = new();
    private static int count;

    // Looked up by the characters in the source text, so a key or value seen before costs no string at all.
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KeysByText = Keys.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ValuesByText = Values.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Key(string key) =>
        key.Length <= MaxLength && Keys.TryGetValue(key, out var shared) ? shared : Remember(Keys, key, key, MaxLength, ref count, Capacity);

    public static string Key(ReadOnlySpan<char> key) =>
        key.Length <= MaxLength && KeysByText.TryGetValue(key, out var shared) ? shared : Key(key.ToString());

    public static string Value(string value) =>
        value.Length <= MaxValueLength && Values.TryGetValue(value, out var shared) ? shared : Remember(Values, value, value, MaxValueLength, ref valueCount, ValueCapacity);

    public static string Value(ReadOnlySpan<char> value) =>
        value.Length <= MaxValueLength && ValuesByText.TryGetValue(value, out var shared) ? shared : Value(value.ToString());

    /// <summary>The path of the child <paramref name="key"/> (or item <paramref name="index"/>) of <paramref name="parent"/>.</summary>
    public static string Path(string parent, string? key, int index, Func<string, string?, int, string> build) =>
        parent.Length + (key?.Length ?? 0) <= MaxLength && Paths.TryGetValue((parent, key, index), out var shared)
            ? shared
            : Remember(Paths, (parent, key, index), build(parent, key, index), MaxLength, ref count, Capacity);

    private static string Remember<TKey>(ConcurrentDictionary<TKey, string> cache, TKey key, string value, int maxLength, ref int counter, int capacity)
        where TKey : notnull
    {
        // The counter is read without a lock: going a few entries over the bound under contention is harmless.
        if (value.Length <= maxLength && Volatile.Read(ref counter) < capacity && cache.TryAdd(key, value))
        {
            Interlocked.Increment(ref counter);
        }

        return value;
    }
}
