using Hotpath.Engine.Collections;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.CallTrees;

/// <summary>
/// Builds the truncated tree of a stack set (what <see cref="CallTreeTruncation.Truncate"/> makes
/// of the full tree) without materialising the full tree: the flame graph of a million stacks
/// needs the totals of all nodes, but only the few thousand kept ones as nodes.
/// </summary>
/// <remarks>
/// Works on the stacks in tree order (see <see cref="CallTreeBuilder"/>), numbering nodes in
/// pre-order as they open. Pass one closes nodes in post-order, which is when each total is
/// known: it records totals and keeps the top <c>maxNodes</c> of them in a heap, whose minimum is
/// the cut-off. Pass two walks the same numbering and keeps a node when its parent was kept and
/// its total reaches the cut-off (or it is named "other"); a dropped node adds its total to its
/// parent's "other" and its subtree is skipped. The kept tree is small; "other" leaves are then
/// placed in name order among their siblings.
/// </remarks>
internal static class TruncatedTreeBuilder
{
    public static CallTree Build(StackSet stacks, long maxNodes)
    {
        var (order, common, count, maxDepth) = CallTreeBuilder.Prepare(stacks);
        if (order.Length == 0)
        {
            return CallTree.Empty(stacks.Names);
        }
        var totals = new long[count];
        var minValue = TotalsAndCutOff(stacks, order, common, maxDepth, maxNodes, count - 1 > maxNodes && maxNodes >= 1, totals);
        var otherId = stacks.Names.TryGetId(Truncation.OtherName, out var id) ? id : int.MinValue;

        // Pass two: the kept nodes, in pre-order, with their parents and dropped-children sums.
        var kept = new KeptNodes(256);
        kept.Add(CallTree.RootNameId, -1, totals[0]);
        var rowAt = new int[maxDepth + 1];
        var next = 1;
        for (var i = 0; i < order.Length; i++)
        {
            var frames = stacks.FramesOf(order[i]);
            for (var d = common[i] + 1; d <= frames.Length; d++)
            {
                var node = next++;
                var parent = rowAt[d - 1];
                if (parent < 0)
                {
                    rowAt[d] = -1;
                }
                else if (totals[node] >= minValue || frames[d - 1] == otherId)
                {
                    rowAt[d] = kept.Add(frames[d - 1], parent, totals[node]);
                }
                else
                {
                    kept.Dropped[parent] += totals[node];
                    rowAt[d] = -1;
                }
            }
            var leaf = rowAt[frames.Length];
            if (leaf >= 0)
            {
                kept.Self[leaf] += stacks.ValueOf(order[i]);
            }
        }
        return kept.Layout(stacks.Names);
    }

    private static long TotalsAndCutOff(StackSet stacks, int[] order, int[] common, int maxDepth, long maxNodes, bool limit,
        long[] totals)
    {
        var k = limit ? (int)maxNodes : 0;
        var heap = new long[k];
        var size = 0;
        var open = new int[maxDepth + 1];
        var openDepth = 0;
        var next = 1;
        for (var i = 0; i < order.Length; i++)
        {
            var frames = stacks.FramesOf(order[i]);
            var shared = common[i];
            for (var d = openDepth; d > shared; d--)
            {
                Close(open[d], open[d - 1]);
            }
            for (var d = shared + 1; d <= frames.Length; d++)
            {
                open[d] = next++;
            }
            openDepth = frames.Length;
            totals[open[openDepth]] += stacks.ValueOf(order[i]);
        }
        for (var d = openDepth; d > 0; d--)
        {
            Close(open[d], open[d - 1]);
        }
        return limit && size == k ? heap[0] : 0;

        void Close(int node, int parent)
        {
            var v = totals[node];
            totals[parent] += v;
            if (!limit)
            {
                return;
            }
            if (size < k)
            {
                MinHeap.Push(heap, ref size, v);
            }
            else if (v > heap[0])
            {
                MinHeap.ReplaceMin(heap, size, v);
            }
        }
    }

    /// <summary>The kept nodes in pre-order (parents before children, siblings in name order).</summary>
    private sealed class KeptNodes(int capacity)
    {
        public int[] Name = new int[capacity];
        public int[] Parent = new int[capacity];
        public long[] Total = new long[capacity];
        public long[] Self = new long[capacity];
        public long[] Dropped = new long[capacity];
        public int Count;

        public int Add(int name, int parent, long total)
        {
            if (Count == Name.Length)
            {
                Columns.Double(Count, ref Name, ref Parent, ref Total, ref Self, ref Dropped);
            }
            Name[Count] = name;
            Parent[Count] = parent;
            Total[Count] = total;
            return Count++;
        }

        /// <summary>Lays the kept nodes out as a tree, with each node's dropped sum as an "other" child in name order.</summary>
        public CallTree Layout(NameTable sourceNames)
        {
            var names = new NameTable();
            var otherName = names.Intern(Truncation.OtherName);
            var map = new Dictionary<int, int>();
            var firstChild = new int[Count];
            var nextSibling = new int[Count];
            Array.Fill(firstChild, -1);
            Array.Fill(nextSibling, -1);
            var lastChild = new int[Count];
            Array.Fill(lastChild, -1);
            for (var row = 1; row < Count; row++)
            {
                var p = Parent[row];
                if (lastChild[p] < 0)
                {
                    firstChild[p] = row;
                }
                else
                {
                    nextSibling[lastChild[p]] = row;
                }
                lastChild[p] = row;
            }

            var outCount = 0;
            var capacity = Count * 2 + 1;
            var outName = new int[capacity];
            var outSelf = new long[capacity];
            var outTotal = new long[capacity];
            var outDepth = new int[capacity];
            var outEnd = new int[capacity];
            var stack = new (int Row, int Out, int NextChild, bool OtherPlaced)[64];
            var top = 0;
            Emit(CallTree.RootNameId, 0, Self[0], Total[0]);
            stack[top++] = (0, 0, firstChild[0], false);
            while (top > 0)
            {
                ref var f = ref stack[top - 1];
                var dropped = Dropped[f.Row];
                var depth = outDepth[f.Out] + 1;
                if (f.NextChild >= 0)
                {
                    var c = f.NextChild;
                    f.NextChild = nextSibling[c];
                    var name = sourceNames[Name[c]];
                    long extra = 0;
                    if (dropped > 0 && !f.OtherPlaced)
                    {
                        if (name == Truncation.OtherName)
                        {
                            extra = dropped;
                            f.OtherPlaced = true;
                        }
                        else if (Utf8Order.Compare(Truncation.OtherName, name) < 0)
                        {
                            EmitOtherLeaf(depth, dropped);
                            f.OtherPlaced = true;
                        }
                    }
                    var row = outCount;
                    Emit(MapName(Name[c], name), depth, Self[c] + extra, Total[c] + extra);
                    if (top == stack.Length)
                    {
                        Array.Resize(ref stack, top * 2);
                    }
                    stack[top++] = (c, row, firstChild[c], false);
                    continue;
                }
                if (dropped > 0 && !f.OtherPlaced)
                {
                    EmitOtherLeaf(depth, dropped);
                }
                outEnd[f.Out] = outCount;
                top--;
            }
            return new CallTree(names, outName, outSelf, outTotal, outDepth, outEnd, outCount);

            int MapName(int sourceId, string name)
            {
                if (!map.TryGetValue(sourceId, out var mapped))
                {
                    mapped = names.Intern(name);
                    map.Add(sourceId, mapped);
                }
                return mapped;
            }

            void EmitOtherLeaf(int depth, long value)
            {
                var row = outCount;
                Emit(otherName, depth, value, value);
                outEnd[row] = row + 1;
            }

            void Emit(int name, int depth, long self, long total)
            {
                outName[outCount] = name;
                outSelf[outCount] = self;
                outTotal[outCount] = total;
                outDepth[outCount] = depth;
                outCount++;
            }
        }
    }
}
