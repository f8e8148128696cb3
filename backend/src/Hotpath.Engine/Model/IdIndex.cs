using System.Runtime.CompilerServices;
using Hotpath.Engine.Pprof;

namespace Hotpath.Engine.Model;

/// <summary>Id → array position; a plain array when ids are 1..N in order (what most writers emit).</summary>
internal readonly struct IdIndex
{
    private readonly Dictionary<ulong, int>? _sparse;
    private readonly int _count;

    private IdIndex(Dictionary<ulong, int>? sparse, int count)
    {
        _sparse = sparse;
        _count = count;
    }

    public static IdIndex Build(int count, Func<int, ulong> idOf, string kind)
    {
        var dense = true;
        for (var i = 0; i < count; i++)
        {
            var id = idOf(i);
            if (id == 0)
            {
                throw new ProfileInvalidException($"found {kind} with reserved id 0 ({kind} #{i})");
            }
            if (id != (ulong)i + 1)
            {
                dense = false;
            }
        }
        if (dense)
        {
            return new IdIndex(null, count);
        }
        var map = new Dictionary<ulong, int>(count);
        for (var i = 0; i < count; i++)
        {
            if (!map.TryAdd(idOf(i), i))
            {
                throw new ProfileInvalidException($"multiple {kind}s with the same id {idOf(i)}");
            }
        }
        return new IdIndex(map, count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ulong id)
    {
        if (_sparse is null)
        {
            return id - 1 < (ulong)_count ? (int)(id - 1) : -1;
        }
        return _sparse.TryGetValue(id, out var index) ? index : -1;
    }
}
