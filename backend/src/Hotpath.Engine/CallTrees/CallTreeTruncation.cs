using Hotpath.Engine.Collections;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.CallTrees;

/// <summary>
/// Truncation of a tree to a tree, as Pyroscope's <c>Tree.MarshalTruncate</c> does before it
/// sends a tree over the wire (and so before it diffs two trees).
/// </summary>
public static class CallTreeTruncation
{
    /// <summary>
    /// The truncated tree of <paramref name="stacks"/>, equal to
    /// <c>CallTree.FromStacks(stacks).Truncate(maxNodes)</c> but built without the full tree, so
    /// its cost is one pass over the stacks and memory for one total per node.
    /// </summary>
    public static CallTree FromStacks(IReadOnlyList<StackSet> stacks, long maxNodes)
    {
        var set = stacks.Count == 1 ? stacks[0] : CallTreeBuilder.Concatenate(stacks);
        return maxNodes < 1 ? CallTreeBuilder.Build(set) : TruncatedTreeBuilder.Build(set, maxNodes);
    }

    /// <summary>
    /// Keeps the children whose total reaches <see cref="Truncation.MinValue"/> or that are named
    /// "other"; the dropped children of a node become one leaf child named "other" (self = total
    /// = their sum) in its name-ordered place, added to an existing "other" child if there is one.
    /// The result has its own name table holding only the names it uses.
    /// </summary>
    public static CallTree Truncate(this CallTree tree, long maxNodes)
    {
        var minValue = Truncation.MinValue(tree, maxNodes);
        var names = new NameTable();
        var otherName = names.Intern(Truncation.OtherName);
        var sourceOther = tree.Names.TryGetId(Truncation.OtherName, out var id) ? id : int.MinValue;
        var nameMap = new Dictionary<int, int>();
        var srcNames = tree.NameIds;
        var totals = tree.Total;
        var selfs = tree.Self;
        var ends = tree.SubtreeEnd;

        var capacity = 64;
        var outName = new int[capacity];
        var outSelf = new long[capacity];
        var outTotal = new long[capacity];
        var outDepth = new int[capacity];
        var outEnd = new int[capacity];
        var rows = 0;

        var frames = new Frame[64];
        var depth = 0;
        Emit(CallTree.RootNameId, 0, selfs[0], totals[0]);
        frames[depth++] = Open(tree, 0, 0, minValue, sourceOther);
        while (depth > 0)
        {
            ref var f = ref frames[depth - 1];
            if (f.NextChild < ends[f.Source])
            {
                var c = f.NextChild;
                f.NextChild = ends[c];
                var isOther = srcNames[c] == sourceOther;
                if (totals[c] < minValue && !isOther)
                {
                    continue;
                }
                var childDepth = outDepth[f.Row] + 1;
                if (f.Dropped > 0 && !f.OtherPlaced && Utf8Order.Compare(Truncation.OtherName, tree.Names[srcNames[c]]) < 0)
                {
                    EmitLeafOther(childDepth, f.Dropped);
                    f.OtherPlaced = true;
                }
                var extra = 0L;
                if (isOther && f.Dropped > 0)
                {
                    extra = f.Dropped;
                    f.OtherPlaced = true;
                }
                var row = rows;
                Emit(MapName(srcNames[c]), childDepth, selfs[c] + extra, totals[c] + extra);
                if (depth == frames.Length)
                {
                    Array.Resize(ref frames, depth * 2);
                }
                frames[depth++] = Open(tree, c, row, minValue, sourceOther);
                continue;
            }
            if (f.Dropped > 0 && !f.OtherPlaced)
            {
                EmitLeafOther(outDepth[f.Row] + 1, f.Dropped);
            }
            outEnd[f.Row] = rows;
            depth--;
        }
        return new CallTree(names, outName, outSelf, outTotal, outDepth, outEnd, rows);

        int MapName(int sourceId)
        {
            if (!nameMap.TryGetValue(sourceId, out var mapped))
            {
                mapped = names.Intern(tree.Names[sourceId]);
                nameMap.Add(sourceId, mapped);
            }
            return mapped;
        }

        void EmitLeafOther(int depthOfOther, long value)
        {
            var row = rows;
            Emit(otherName, depthOfOther, value, value);
            outEnd[row] = row + 1;
        }

        void Emit(int name, int nodeDepth, long self, long total)
        {
            if (rows == outName.Length)
            {
                Columns.Double(rows, ref outName, ref outSelf, ref outTotal, ref outDepth, ref outEnd);
            }
            outName[rows] = name;
            outSelf[rows] = self;
            outTotal[rows] = total;
            outDepth[rows] = nodeDepth;
            rows++;
        }
    }

    private static Frame Open(CallTree tree, int source, int row, long minValue, int sourceOther)
    {
        var ends = tree.SubtreeEnd;
        var totals = tree.Total;
        var names = tree.NameIds;
        long dropped = 0;
        for (var c = source + 1; c < ends[source]; c = ends[c])
        {
            if (totals[c] < minValue && names[c] != sourceOther)
            {
                dropped += totals[c];
            }
        }
        return new Frame { Source = source, Row = row, NextChild = source + 1, Dropped = dropped };
    }

    private struct Frame
    {
        public int Source;
        public int Row;
        public int NextChild;
        public long Dropped;
        public bool OtherPlaced;
    }
}
