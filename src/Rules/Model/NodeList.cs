using System.Collections;

namespace CanaryGuard.Rules.Model;

/// <summary>
/// The entries of a mapping or the items of a sequence: a copy no one can change, walked by <c>foreach</c> without
/// allocating. Rules walk every tree many times; an enumerator object per mapping visited was a third of the
/// garbage a lint made while analysing (docs/performance.md). LINQ still works through <see cref="IReadOnlyList{T}"/>.
/// </summary>
public readonly struct NodeList<T> : IReadOnlyList<T>
{
    private readonly T[]? items;

    public NodeList(ReadOnlySpan<T> items)
    {
        this.items = items.IsEmpty ? [] : items.ToArray();
    }

    public int Count => items?.Length ?? 0;

    public T this[int index] => (items ?? [])[index];

    public Enumerator GetEnumerator() => new(items ?? []);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)(items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => (items ?? []).GetEnumerator();

    public struct Enumerator
    {
        private readonly T[] items;
        private int index;

        internal Enumerator(T[] items)
        {
            this.items = items;
            index = -1;
        }

        public readonly T Current => items[index];

        public bool MoveNext() => ++index < items.Length;
    }
}
