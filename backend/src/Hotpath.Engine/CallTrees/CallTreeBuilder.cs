using System.Numerics;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.CallTrees;

/// <summary>
/// Builds a <see cref="CallTree"/> by inserting stacks into a trie whose child lookup is one open
/// addressing hash table keyed on (parent node, name id), then lays the trie out in sorted
/// pre-order. No per-node objects; stacks may repeat (their values add up).
/// </summary>
internal sealed class CallTreeBuilder
{
    private int[] _parent;
    private int[] _name;
    private long[] _self;
    private int _count;

    // Hash table from (parent, name) to child node; a slot with node 0 is empty (0 is the root,
    // never anyone's child).
    private ulong[] _keys;
    private int[] _nodes;
    private int _shift;
    private int _used;

    // The previous stack's frames and nodes: consecutive stacks often share a prefix, and
    // walking that prefix again would cost one hash probe per frame.
    private int[] _lastFrames = new int[64];
    private int[] _lastPath = new int[65];
    private int _lastLength;

    public CallTreeBuilder(int stackCapacity)
    {
        var nodes = Math.Max(1024, stackCapacity * 2);
        _parent = new int[nodes];
        _name = new int[nodes];
        _self = new long[nodes];
        _name[0] = CallTree.RootNameId;
        _count = 1;
        var slots = (int)BitOperations.RoundUpToPowerOf2((uint)nodes * 2);
        _keys = new ulong[slots];
        _nodes = new int[slots];
        _shift = 64 - BitOperations.Log2((uint)slots);
    }

    public void AddAll(StackSet set, int[]? remap)
    {
        Span<int> buffer = stackalloc int[256];
        for (var s = 0; s < set.Count; s++)
        {
            var value = set.ValueOf(s);
            if (value <= 0)
            {
                continue;
            }
            var frames = set.FramesOf(s);
            if (remap is not null)
            {
                Span<int> mapped = frames.Length <= buffer.Length ? buffer[..frames.Length] : new int[frames.Length];
                for (var i = 0; i < frames.Length; i++)
                {
                    mapped[i] = remap[frames[i]];
                }
                Add(mapped, value);
            }
            else
            {
                Add(frames, value);
            }
        }
    }

    /// <summary>Adds <paramref name="value"/> to the stack (root first). Empty stacks and values ≤ 0 are ignored.</summary>
    public void Add(ReadOnlySpan<int> frames, long value)
    {
        if (value <= 0 || frames.Length == 0)
        {
            return;
        }
        var common = frames.CommonPrefixLength(_lastFrames.AsSpan(0, _lastLength));
        if (frames.Length + 1 > _lastPath.Length)
        {
            Array.Resize(ref _lastPath, frames.Length * 2 + 1);
            Array.Resize(ref _lastFrames, frames.Length * 2);
        }
        var node = common == 0 ? 0 : _lastPath[common];
        for (var d = common; d < frames.Length; d++)
        {
            node = ChildOf(node, frames[d]);
            _lastPath[d + 1] = node;
        }
        frames[common..].CopyTo(_lastFrames.AsSpan(common));
        _lastLength = frames.Length;
        _self[node] += value;
    }

    private int ChildOf(int parent, int name)
    {
        var key = ((ulong)(uint)parent << 32) | (uint)name;
        var mask = _keys.Length - 1;
        var slot = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            var node = _nodes[slot];
            if (node == 0)
            {
                break;
            }
            if (_keys[slot] == key)
            {
                return node;
            }
            slot = (slot + 1) & mask;
        }
        var child = NewNode(parent, name);
        _keys[slot] = key;
        _nodes[slot] = child;
        if (++_used * 2 > _keys.Length)
        {
            GrowTable();
        }
        return child;
    }

    private int NewNode(int parent, int name)
    {
        if (_count == _parent.Length)
        {
            var size = _parent.Length * 2;
            Array.Resize(ref _parent, size);
            Array.Resize(ref _name, size);
            Array.Resize(ref _self, size);
        }
        _parent[_count] = parent;
        _name[_count] = name;
        return _count++;
    }

    private void GrowTable()
    {
        var oldKeys = _keys;
        var oldNodes = _nodes;
        _keys = new ulong[oldKeys.Length * 2];
        _nodes = new int[oldNodes.Length * 2];
        _shift--;
        var mask = _keys.Length - 1;
        for (var i = 0; i < oldKeys.Length; i++)
        {
            if (oldNodes[i] == 0)
            {
                continue;
            }
            var slot = (int)((oldKeys[i] * 0x9E3779B97F4A7C15UL) >> _shift);
            while (_nodes[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            _keys[slot] = oldKeys[i];
            _nodes[slot] = oldNodes[i];
        }
    }

    /// <summary>Lays the trie out in pre-order with siblings in UTF-8 name order.</summary>
    public CallTree Build(NameTable names)
    {
        var n = _count;
        // Drop the hash table before allocating the layout arrays.
        _keys = [];
        _nodes = [];
        var ranks = Utf8Order.Ranks(names);

        // Children are created after their parents, so one reverse sweep sums totals and sizes.
        var total = new long[n];
        var size = new int[n];
        var childCount = new int[n + 1];
        Array.Copy(_self, total, n);
        for (var i = n - 1; i > 0; i--)
        {
            var p = _parent[i];
            total[p] += total[i];
            size[i] += 1;
            size[p] += size[i];
            childCount[p]++;
        }
        size[0] += 1;

        // Children grouped by parent (CSR), then each group sorted by name rank.
        var start = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            start[i + 1] = start[i] + childCount[i];
        }
        var children = new int[Math.Max(n - 1, 0)];
        var keys = new int[children.Length];
        var fill = childCount; // reused as a write cursor
        for (var i = 0; i < n; i++)
        {
            fill[i] = start[i];
        }
        for (var i = 1; i < n; i++)
        {
            var at = fill[_parent[i]]++;
            children[at] = i;
            keys[at] = ranks[_name[i]];
        }
        for (var p = 0; p < n; p++)
        {
            var from = start[p];
            var len = start[p + 1] - from;
            if (len > 1)
            {
                SortGroup(keys, children, from, len);
            }
        }

        // Parents come before children in creation order, so positions flow top-down.
        var position = new int[n];
        var depthOld = new int[n];
        for (var p = 0; p < n; p++)
        {
            var next = position[p] + 1;
            var depth = depthOld[p] + 1;
            for (var c = start[p]; c < start[p + 1]; c++)
            {
                var child = children[c];
                position[child] = next;
                depthOld[child] = depth;
                next += size[child];
            }
        }

        var outName = new int[n];
        var outSelf = new long[n];
        var outTotal = new long[n];
        var outDepth = new int[n];
        var outEnd = new int[n];
        for (var i = 0; i < n; i++)
        {
            var at = position[i];
            outName[at] = _name[i];
            outSelf[at] = _self[i];
            outTotal[at] = total[i];
            outDepth[at] = depthOld[i];
            outEnd[at] = at + size[i];
        }
        return new CallTree(names, outName, outSelf, outTotal, outDepth, outEnd, n);
    }

    private static void SortGroup(int[] keys, int[] items, int from, int len)
    {
        if (len <= 12)
        {
            for (var i = from + 1; i < from + len; i++)
            {
                var k = keys[i];
                var v = items[i];
                var j = i - 1;
                while (j >= from && keys[j] > k)
                {
                    keys[j + 1] = keys[j];
                    items[j + 1] = items[j];
                    j--;
                }
                keys[j + 1] = k;
                items[j + 1] = v;
            }
            return;
        }
        Array.Sort(keys, items, from, len);
    }
}
