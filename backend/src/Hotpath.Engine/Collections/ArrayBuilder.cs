using System.Buffers;
using System.Runtime.CompilerServices;

namespace Hotpath.Engine.Collections;

/// <summary>
/// An append-only growable array. Storage is rented from the shared pool and returned on
/// <see cref="Dispose"/>, so building a large array costs one exact-size allocation
/// (<see cref="ToArray"/>) instead of a chain of doublings on the large-object heap.
/// </summary>
internal sealed class ArrayBuilder<T>(int capacity = 16) : IDisposable
{
    private T[] _items = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 4));

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

    /// <summary>Free space for at least <paramref name="count"/> more items; follow with <see cref="Commit"/>.</summary>
    public Span<T> Reserve(int count)
    {
        if (Count + count > _items.Length)
        {
            Grow(Count + count);
        }
        return _items.AsSpan(Count);
    }

    /// <summary>Counts <paramref name="count"/> items written into the span <see cref="Reserve"/> returned.</summary>
    public void Commit(int count) => Count += count;

    public Span<T> AsSpan() => _items.AsSpan(0, Count);

    /// <summary>The items as a new, exactly sized array.</summary>
    public T[] ToArray()
    {
        if (Count == 0)
        {
            return [];
        }
        // The copy overwrites every element, so the array need not be zeroed first: for a large
        // array that zeroing is a whole extra pass over freshly mapped pages.
        var array = GC.AllocateUninitializedArray<T>(Count);
        _items.AsSpan(0, Count).CopyTo(array);
        return array;
    }

    public void Clear() => Count = 0;

    public void Dispose()
    {
        var items = _items;
        _items = [];
        Count = 0;
        if (items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(needed, _items.Length * 2));
        _items.AsSpan(0, Count).CopyTo(bigger);
        if (_items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
        _items = bigger;
    }
}
