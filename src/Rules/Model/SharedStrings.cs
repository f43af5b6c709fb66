using System.Collections.Concurrent;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// One copy of the strings every manifest repeats: keys (<c>apiVersion</c>, <c>containerPort</c>) and node paths
/// (<c>spec.template.spec.containers[0].ports[0].containerPort</c> is the same in every Deployment). Without it a
/// large lint run keeps a copy per node, most of its memory. Bounded, so a long-running webhook or input with
/// endless distinct keys cannot grow it without limit: past the bound, strings are simply not shared.
/// </summary>
internal static class SharedStrings
{
    private const int Capacity = 1 << 14;

    /// <summary>Longer strings are not shared: together with <see cref="Capacity"/> this caps what is held at about 10 MiB.</summary>
    private const int MaxLength = 128;

    private static readonly ConcurrentDictionary<string, string> Keys = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Parent, string? Key, int Index), string> Paths = new();
    private static int count;

    public static string Key(string key) =>
        key.Length <= MaxLength && Keys.TryGetValue(key, out var shared) ? shared : Remember(Keys, key, key);

    /// <summary>The path of the child <paramref name="key"/> (or item <paramref name="index"/>) of <paramref name="parent"/>.</summary>
    public static string Path(string parent, string? key, int index, Func<string, string?, int, string> build) =>
        parent.Length + (key?.Length ?? 0) <= MaxLength && Paths.TryGetValue((parent, key, index), out var shared)
            ? shared
            : Remember(Paths, (parent, key, index), build(parent, key, index));

    private static string Remember<TKey>(ConcurrentDictionary<TKey, string> cache, TKey key, string value)
        where TKey : notnull
    {
        // Count is read without a lock: going a few entries over the bound under contention is harmless.
        if (value.Length <= MaxLength && Volatile.Read(ref count) < Capacity && cache.TryAdd(key, value))
        {
            Interlocked.Increment(ref count);
        }

        return value;
    }
}
