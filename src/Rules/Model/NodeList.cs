using System.Collections;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// The entries of a mapping or the items of a sequence: a stretch of an array no one can change, walked by
/// <c>foreach</c> without allocating. Rules walk every tree many times; an enumerator object per mapping visited was a
/// third of the garbage a lint made while analysing (docs/performance.md). LINQ still works through
/// <see cref="IReadOnlyList{T}"/>. The array may hold the lists of other nodes of the same file (<see cref="NodeListStore{T}"/>).
/// </summary>
public readonly struct NodeList<T> : IReadOnlyList<T>
{
    private readonly T[]? items;
    private readonly int start;

    /// <summary>A list of its own: a copy of <paramref name="items"/>.</summary>
    public NodeList(ReadOnlySpan<T> items)
    {
        this.items = items.IsEmpty ? null : items.ToArray();
        Count = items.Length;
    }

    internal NodeList(T[] items, int start, int count)
    {
        this.items = items;
        this.start = start;
        Count = count;
    }

    public int Count { get; }

    public T this[int index] => (uint)index < (uint)Count ? items![start + index] : throw new ArgumentOutOfRangeException(nameof(index));

    public Enumerator GetEnumerator() => new(items ?? [], start, Count);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Segment).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Segment).GetEnumerator();

    private ArraySegment<T> Segment => new(items ?? [], start, Count);

    public struct Enumerator
    {
        private readonly T[] items;
        private readonly int end;
        private int index;

        internal Enumerator(T[] items, int start, int count)
        {
            this.items = items;
            index = start - 1;
            end = start + count;
        }

        public readonly T Current => items[index];

        public bool MoveNext() => ++index < end;
    }
}

/// <summary>
/// Keeps the lists of one file's nodes in a few shared arrays instead of an array each. A lint keeps every mapping of
/// every file until the cross-file rules ran, and an array per mapping was a sixth of the objects the garbage
/// collector had to trace and move (docs/performance.md).
/// </summary>
/// <param name="expectedItems">At least as many items as the file will store (a larger guess only wastes room).</param>
internal sealed class NodeListStore<T>(int expectedItems)
{
    // Bounds the room a wrong guess can waste, and keeps arrays out of the large object heap.
    private const int MaxChunk = 4096;

    private T[] chunk = [];
    private int used;
    private int stored;

    public NodeList<T> Add(ReadOnlySpan<T> items)
    {
        if (items.IsEmpty)
        {
            return default;
        }

        if (chunk.Length - used < items.Length)
        {
            chunk = new T[Math.Max(items.Length, Math.Min(expectedItems - stored, MaxChunk))];
            used = 0;
        }

        items.CopyTo(chunk.AsSpan(used));
        var list = new NodeList<T>(chunk, used, items.Length);
        used += items.Length;
        stored += items.Length;
        return list;
    }
}
