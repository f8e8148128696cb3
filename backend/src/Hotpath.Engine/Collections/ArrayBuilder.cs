using System.Runtime.CompilerServices;

namespace Hotpath.Engine.Collections;

/// <summary>An append-only growable array that hands out its storage without copying when asked.</summary>
internal sealed class ArrayBuilder<T>(int capacity = 16)
{
    private T[] _items = new T[Math.Max(capacity, 4)];

    public int Count { get; private set; }

    public ref T this[int index] => ref _items[index];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Grow(Count + 1);
        }
        _items[Count++] = item;
    }

    public void AddRange(ReadOnlySpan<T> items)
    {
        if (Count + items.Length > _items.Length)
        {
            Grow(Count + items.Length);
        }
        items.CopyTo(_items.AsSpan(Count));
        Count += items.Length;
    }

    public Span<T> AsSpan() => _items.AsSpan(0, Count);

    /// <summary>The items as an exactly sized array (the storage itself when it already fits).</summary>
    public T[] ToArray()
    {
        if (Count == _items.Length)
        {
            return _items;
        }
        return _items.AsSpan(0, Count).ToArray();
    }

    public void Clear() => Count = 0;

    private void Grow(int needed) => Array.Resize(ref _items, Math.Max(needed, _items.Length * 2));
}
