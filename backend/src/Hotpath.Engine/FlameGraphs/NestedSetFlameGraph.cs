using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Collections;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.FlameGraphs;

/// <summary>
/// A flame graph as the nested-set columns Grafana's flame graph reads (<c>level, value, self,
/// label</c>): rows in depth-first pre-order, root first at level 0, so a row whose level is one
/// more than the previous row's is that row's first child.
/// </summary>
/// <remarks>
/// Rows are the nodes Pyroscope's <c>NewFlameGraph</c> keeps for the same <c>maxNodes</c>, in the
/// order Grafana's Pyroscope data source lays out a flamebearer (ascending x): siblings in UTF-8
/// name order, then one synthetic <c>other</c> child holding the totals of the dropped children
/// (and of any frame already called "other"). <c>value</c> is the node's total, <c>label</c> an
/// index into <see cref="Labels"/>, which lists names in first-seen order; the root is "total".
/// </remarks>
public sealed class NestedSetFlameGraph
{
    internal const int OtherId = -2;

    private NestedSetFlameGraph(CallTree source, int count, int[] level, long[] value, long[] self, int[] nameIds,
        long[] x, int[] end, long otherTotal)
    {
        Source = source;
        Count = count;
        _level = level;
        _value = value;
        _self = self;
        _nameIds = nameIds;
        _x = x;
        _end = end;
        OtherTotal = otherTotal;
        (_label, Labels) = EnumLabels.Assign(nameIds.AsSpan(0, count), id => NameOf(source, id));
    }

    private readonly int[] _level;
    private readonly long[] _value;
    private readonly long[] _self;
    private readonly int[] _nameIds;
    private readonly long[] _x;
    private readonly int[] _end;
    private readonly int[] _label;

    internal CallTree Source { get; }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    public ReadOnlySpan<int> Level => _level.AsSpan(0, Count);
    public ReadOnlySpan<long> Value => _value.AsSpan(0, Count);
    public ReadOnlySpan<long> Self => _self.AsSpan(0, Count);
    public ReadOnlySpan<int> Label => _label.AsSpan(0, Count);

    /// <summary>Enum text of the label column: distinct names in first-seen row order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Grand total (the root's value), untouched by truncation.</summary>
    public long Total => _value[0];

    /// <summary>Sum of the values of all synthetic "other" rows.</summary>
    public long OtherTotal { get; }

    /// <summary>Fraction of the total folded into "other" rows (0 when nothing was folded or the total is 0).</summary>
    public double TruncatedFraction => Total == 0 ? 0 : (double)OtherTotal / Total;

    internal ReadOnlySpan<int> NameIds => _nameIds.AsSpan(0, Count);
    internal ReadOnlySpan<long> X => _x.AsSpan(0, Count);
    internal ReadOnlySpan<int> SubtreeEnd => _end.AsSpan(0, Count);

    public string LabelOf(int row) => Labels[_label[row]];

    /// <summary>
    /// The flame graph a Pyroscope server answers <c>SelectMergeStacktraces</c> with, for data it
    /// holds in one block: the merged tree truncated as the query backend sends it
    /// (<see cref="CallTreeTruncation.Truncate"/>), then <see cref="Build"/> with the same limit.
    /// The second cut counts the first one's "other" nodes, so it can keep fewer real nodes than
    /// <see cref="Build"/> on the untruncated tree would.
    /// </summary>
    public static NestedSetFlameGraph FromStacks(IReadOnlyList<StackSet> stacks, long maxNodes)
    {
        return Build(CallTreeTruncation.FromStacks(stacks, maxNodes), maxNodes);
    }

    /// <summary>
    /// Pyroscope's <c>NewFlameGraph</c> on <paramref name="tree"/>; <paramref name="maxNodes"/> ≤ 0
    /// keeps every node (frames named "other" still fold).
    /// </summary>
    /// <param name="boundTies">
    /// Pyroscope keeps every node whose total equals the cut-off, so a tree of many equal small
    /// nodes (one sample each) comes back whole, however small <paramref name="maxNodes"/> is. With
    /// this set, nodes at the cut-off are kept in pre-order only while the real nodes stay within
    /// <paramref name="maxNodes"/>; the rest fold into "other" like any dropped node. Pre-order
    /// visits a parent before its children and a parent's total is never below a child's, so the
    /// kept set still contains every kept node's ancestors.
    /// </param>
    public static NestedSetFlameGraph Build(CallTree tree, long maxNodes, bool boundTies = false)
    {
        var minValue = Truncation.MinValue(tree, maxNodes);
        var tieQuota = boundTies && minValue > 0 ? maxNodes - CountAbove(tree.Total, minValue) : long.MaxValue;
        var otherNameId = tree.Names.TryGetId(Truncation.OtherName, out var id) ? id : int.MinValue;
        var names = tree.NameIds;
        var totals = tree.Total;
        var selfs = tree.Self;
        var ends = tree.SubtreeEnd;

        var capacity = 64;
        var level = new int[capacity];
        var value = new long[capacity];
        var self = new long[capacity];
        var nameIds = new int[capacity];
        var x = new long[capacity];
        var end = new int[capacity];
        var rows = 0;
        long otherTotal = 0;

        // One frame per open row: its source node, the next source child to look at, the x where
        // the next kept child starts, and the sum of the children dropped so far.
        var frames = new Frame[64];
        var depth = 0;

        Emit(0, CallTree.RootNameId, 0, totals[0], selfs[0]);
        frames[depth++] = new Frame(0, 0, 1, selfs[0], 0);
        while (depth > 0)
        {
            ref var f = ref frames[depth - 1];
            if (f.NextChild < ends[f.Source])
            {
                var c = f.NextChild;
                f.NextChild = ends[c];
                if ((totals[c] > minValue || (totals[c] == minValue && tieQuota-- > 0)) && names[c] != otherNameId)
                {
                    var row = rows;
                    var childX = f.X;
                    f.X += totals[c];
                    var childLevel = level[f.Row] + 1;
                    Emit(childLevel, names[c], childX, totals[c], selfs[c]);
                    if (depth == frames.Length)
                    {
                        Array.Resize(ref frames, depth * 2);
                    }
                    frames[depth++] = new Frame(c, row, c + 1, childX + selfs[c], 0);
                }
                else
                {
                    f.Other += totals[c];
                }
                continue;
            }
            if (f.Other != 0)
            {
                var otherRow = rows;
                Emit(level[f.Row] + 1, OtherId, f.X, f.Other, f.Other);
                end[otherRow] = otherRow + 1;
                otherTotal += f.Other;
            }
            end[f.Row] = rows;
            depth--;
        }
        return new NestedSetFlameGraph(tree, rows, level, value, self, nameIds, x, end, otherTotal);

        void Emit(int lvl, int nameId, long xOffset, long total, long selfValue)
        {
            if (rows == level.Length)
            {
                Columns.Double(rows, ref level, ref value, ref self, ref nameIds, ref x, ref end);
            }
            level[rows] = lvl;
            value[rows] = total;
            self[rows] = selfValue;
            nameIds[rows] = nameId;
            x[rows] = xOffset;
            rows++;
        }
    }

    /// <summary>Nodes (the root left out) with a total above <paramref name="cutOff"/>.</summary>
    private static long CountAbove(ReadOnlySpan<long> totals, long cutOff)
    {
        long count = 0;
        for (var i = 1; i < totals.Length; i++)
        {
            if (totals[i] > cutOff)
            {
                count++;
            }
        }
        return count;
    }

    internal static string NameOf(CallTree tree, int nameId) => nameId switch
    {
        CallTree.RootNameId => "total",
        OtherId => Truncation.OtherName,
        _ => tree.Names[nameId],
    };

    private struct Frame(int source, int row, int nextChild, long x, long other)
    {
        public int Source = source;
        public int Row = row;
        public int NextChild = nextChild;
        public long X = x;
        public long Other = other;
    }
}
