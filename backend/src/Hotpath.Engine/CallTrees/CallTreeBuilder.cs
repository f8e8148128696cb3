using System.Numerics;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.CallTrees;

/// <summary>
/// Builds a <see cref="CallTree"/> by sorting stacks and reading the tree off the sorted order.
/// </summary>
/// <remarks>
/// Stacks sorted lexicographically by frame-name rank (UTF-8 order) list the tree in exactly the
/// pre-order we store: each node's subtree is a contiguous run, children in name order. So one
/// pass that keeps the longest common prefix with the previous stack appends nodes where they
/// belong — no hash table, no per-node objects, sequential writes. The sort is a packed-key MSD
/// sort: several frame ranks per 64-bit key, a primitive array sort per round, and only runs of
/// equal keys go on to the next frames. Stacks may repeat (their values add up).
/// </remarks>
internal static class CallTreeBuilder
{
    /// <summary>Builds the tree of <paramref name="stacks"/>; stacks with a value ≤ 0 or no frames are left out.</summary>
    public static CallTree Build(StackSet stacks)
    {
        var names = stacks.Names;
        var (order, common, count, maxDepth) = Prepare(stacks);
        if (order.Length == 0)
        {
            return CallTree.Empty(names);
        }

        var nameIds = GC.AllocateUninitializedArray<int>(count);
        var depth = GC.AllocateUninitializedArray<int>(count);
        var end = GC.AllocateUninitializedArray<int>(count);
        var self = new long[count];
        var total = new long[count];
        nameIds[0] = CallTree.RootNameId;
        depth[0] = 0;
        var next = 1;

        // open[d] = the node at depth d on the current path; openDepth = the path's length.
        var open = new int[maxDepth + 1];
        var openDepth = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var frames = stacks.FramesOf(order[i]);
            var shared = common[i];
            for (var d = openDepth; d > shared; d--)
            {
                var node = open[d];
                end[node] = next;
                total[open[d - 1]] += total[node];
            }
            for (var d = shared + 1; d <= frames.Length; d++)
            {
                nameIds[next] = frames[d - 1];
                depth[next] = d;
                open[d] = next++;
            }
            openDepth = frames.Length;
            var leaf = open[openDepth];
            var value = stacks.ValueOf(order[i]);
            self[leaf] += value;
            total[leaf] += value;
        }
        for (var d = openDepth; d > 0; d--)
        {
            var node = open[d];
            end[node] = next;
            total[open[d - 1]] += total[node];
        }
        end[0] = next;
        return new CallTree(names, nameIds, self, total, depth, end, count);
    }

    /// <summary>
    /// The stacks in tree order with, for each, the length of its common prefix with the stack
    /// before it; <c>Nodes</c> is the exact node count of the tree (root included).
    /// </summary>
    internal static (int[] Order, int[] Common, int Nodes, int MaxDepth) Prepare(StackSet stacks)
    {
        var order = SortedStacks(stacks, Utf8Order.Ranks(stacks.Names), out var common, out var frames, out var maxDepth);
        long shared = 0;
        foreach (var c in common)
        {
            shared += c;
        }
        return (order, common, checked((int)(1 + frames - shared)), maxDepth);
    }

    /// <summary>
    /// Several stack sets as one, in a new name table where equal names from different sets are
    /// one name. Equal stacks from different sets repeat; the builders add them up.
    /// </summary>
    internal static StackSet Concatenate(IReadOnlyList<StackSet> sets)
    {
        var names = new NameTable();
        var frameCount = 0;
        var stackCount = 0;
        foreach (var set in sets)
        {
            stackCount += set.Count;
            for (var s = 0; s < set.Count; s++)
            {
                frameCount += set.FramesOf(s).Length;
            }
        }
        var merged = new StackSet(names, stackCount, frameCount);
        var buffer = new List<int>();
        foreach (var set in sets)
        {
            var remap = names.Remap(set.Names);
            for (var s = 0; s < set.Count; s++)
            {
                buffer.Clear();
                foreach (var f in set.FramesOf(s))
                {
                    buffer.Add(remap[f]);
                }
                merged.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer), set.ValueOf(s));
            }
        }
        return merged;
    }

    /// <summary>
    /// Indices of the stacks with a value &gt; 0 and at least one frame, in lexicographic rank
    /// order, and for each the length of the prefix it shares with the one before it — read off
    /// the sort keys, so no second pass over the frames is needed.
    /// </summary>
    internal static int[] SortedStacks(StackSet stacks, int[] ranks, out int[] common, out long frameCount, out int maxDepth)
    {
        var n = 0;
        frameCount = 0;
        maxDepth = 0;
        for (var s = 0; s < stacks.Count; s++)
        {
            var length = stacks.FramesOf(s).Length;
            if (stacks.ValueOf(s) > 0 && length > 0)
            {
                n++;
                frameCount += length;
                maxDepth = Math.Max(maxDepth, length);
            }
        }
        var order = new int[n];
        n = 0;
        for (var s = 0; s < stacks.Count; s++)
        {
            if (stacks.ValueOf(s) > 0 && stacks.FramesOf(s).Length > 0)
            {
                order[n++] = s;
            }
        }
        common = new int[n];

        // Rank + 1 per frame, 0 meaning "the stack has ended": a stack sorts before its extensions.
        var bits = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)ranks.Length + 1));
        var perKey = Math.Max(1, 64 / bits);
        var unused = 64 - perKey * bits;
        var slotMask = (1UL << bits) - 1;
        var keys = new ulong[n];
        var work = new Stack<(int From, int Length, int Depth)>();
        work.Push((0, n, 0));
        while (work.Count > 0)
        {
            var (from, length, start) = work.Pop();
            for (var i = from; i < from + length; i++)
            {
                keys[i] = KeyOf(stacks.FramesOf(order[i]), start, perKey, bits, ranks);
            }
            Array.Sort(keys, order, from, length);

            // Neighbours with different keys share the frames up to the first differing slot.
            // Equal keys that have ended (0 in the last slot) are equal stacks; other runs of equal
            // keys go on to the next frames, which settles their neighbours there.
            var runStart = from;
            for (var i = from + 1; i <= from + length; i++)
            {
                if (i < from + length && keys[i] == keys[runStart])
                {
                    if ((keys[i] & slotMask) == 0)
                    {
                        common[i] = start + FilledSlots(keys[i], perKey, bits);
                    }
                    continue;
                }
                if (i < from + length)
                {
                    var differing = BitOperations.LeadingZeroCount(keys[i - 1] ^ keys[i]) - unused;
                    common[i] = start + differing / bits;
                }
                if (i - runStart > 1 && (keys[runStart] & slotMask) != 0)
                {
                    work.Push((runStart, i - runStart, start + perKey));
                }
                runStart = i;
            }
        }
        return order;
    }

    private static int FilledSlots(ulong key, int perKey, int bits)
    {
        var filled = 0;
        for (var j = perKey - 1; j >= 0 && ((key >> (j * bits)) & ((1UL << bits) - 1)) != 0; j--)
        {
            filled++;
        }
        return filled;
    }

    private static ulong KeyOf(ReadOnlySpan<int> frames, int start, int perKey, int bits, int[] ranks)
    {
        ulong key = 0;
        for (var j = 0; j < perKey; j++)
        {
            var d = start + j;
            key = (key << bits) | (d < frames.Length ? (ulong)(uint)(ranks[frames[d]] + 1) : 0);
        }
        return key;
    }
}
