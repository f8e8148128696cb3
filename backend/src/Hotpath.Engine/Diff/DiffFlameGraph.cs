using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Collections;
using Hotpath.Engine.FlameGraphs;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Diff;

/// <summary>
/// A diff flame graph as nested-set columns for Grafana (<c>level, label, self, value, selfRight,
/// valueRight</c>): <c>value</c>/<c>self</c> are the baseline (left), <c>valueRight</c>/<c>selfRight</c>
/// the comparison (right). Rows in pre-order, siblings in name order, a synthetic "other" last.
/// </summary>
/// <remarks>
/// Keeps the nodes Pyroscope's <c>NewFlamegraphDiff</c> keeps: with <c>minValue</c> the
/// <c>maxNodes</c>-th largest <c>max(left, right)</c> total over the aligned tree, root included
/// (0 when the tree has at most <c>maxNodes</c> nodes or <c>maxNodes &lt; 1</c>), a child stays when
/// either side reaches it; the others fold, per side, into one "other" child, emitted when either
/// side's folded sum is non-zero. Unlike single flame graphs, a frame already named "other"
/// (left by an earlier truncation) is treated like any frame.
/// </remarks>
public sealed class DiffFlameGraph
{
    internal const int OtherId = -2;

    private readonly int[] _level;
    private readonly int[] _nameIds;
    private readonly long[] _leftTotal;
    private readonly long[] _leftSelf;
    private readonly long[] _rightTotal;
    private readonly long[] _rightSelf;
    private readonly long[] _leftX;
    private readonly long[] _rightX;
    private readonly int[] _end;
    private readonly int[] _label;

    private DiffFlameGraph(DiffTree source, int count, int[] level, int[] nameIds, long[] leftTotal, long[] leftSelf,
        long[] rightTotal, long[] rightSelf, long[] leftX, long[] rightX, int[] end, long otherLeft, long otherRight)
    {
        Source = source;
        Count = count;
        _level = level;
        _nameIds = nameIds;
        _leftTotal = leftTotal;
        _leftSelf = leftSelf;
        _rightTotal = rightTotal;
        _rightSelf = rightSelf;
        _leftX = leftX;
        _rightX = rightX;
        _end = end;
        OtherLeft = otherLeft;
        OtherRight = otherRight;
        (_label, Labels) = EnumLabels.Assign(_nameIds.AsSpan(0, Count), NameOf);
    }

    internal DiffTree Source { get; }
    public int Count { get; }
    public ReadOnlySpan<int> Level => _level.AsSpan(0, Count);
    public ReadOnlySpan<int> Label => _label.AsSpan(0, Count);
    public ReadOnlySpan<long> Value => _leftTotal.AsSpan(0, Count);
    public ReadOnlySpan<long> Self => _leftSelf.AsSpan(0, Count);
    public ReadOnlySpan<long> ValueRight => _rightTotal.AsSpan(0, Count);
    public ReadOnlySpan<long> SelfRight => _rightSelf.AsSpan(0, Count);
    public IReadOnlyList<string> Labels { get; }
    public string LabelOf(int row) => Labels[_label[row]];

    public long LeftTotal => _leftTotal[0];
    public long RightTotal => _rightTotal[0];
    public long OtherLeft { get; }
    public long OtherRight { get; }

    /// <summary>Fraction of both sides' combined total folded into "other" rows.</summary>
    public double TruncatedFraction =>
        LeftTotal + RightTotal == 0 ? 0 : (double)(OtherLeft + OtherRight) / (LeftTotal + RightTotal);

    internal ReadOnlySpan<int> NameIds => _nameIds.AsSpan(0, Count);
    internal ReadOnlySpan<long> LeftX => _leftX.AsSpan(0, Count);
    internal ReadOnlySpan<long> RightX => _rightX.AsSpan(0, Count);
    internal ReadOnlySpan<int> SubtreeEnd => _end.AsSpan(0, Count);

    /// <summary>
    /// Diffs two stack selections the way Pyroscope's query frontend does: each side merged into a
    /// tree and truncated to <paramref name="maxNodes"/> (<see cref="CallTreeTruncation.Truncate"/>),
    /// the trees aligned, then the diff truncated again. <paramref name="maxNodes"/> ≤ 0 keeps everything.
    /// </summary>
    public static DiffFlameGraph FromStacks(IReadOnlyList<StackSet> baseline, IReadOnlyList<StackSet> comparison, long maxNodes)
    {
        var left = CallTreeTruncation.FromStacks(baseline, maxNodes);
        var right = CallTreeTruncation.FromStacks(comparison, maxNodes);
        return Build(DiffTree.Combine(left, right), maxNodes);
    }

    public static DiffFlameGraph Build(DiffTree tree, long maxNodes)
    {
        var lTotal = tree.LeftTotal;
        var rTotal = tree.RightTotal;
        var lSelf = tree.LeftSelf;
        var rSelf = tree.RightSelf;
        var names = tree.NameIds;
        var ends = tree.SubtreeEnd;
        long minValue = 0;
        if (maxNodes >= 1 && tree.Count > maxNodes)
        {
            var larger = new long[tree.Count];
            for (var i = 0; i < larger.Length; i++)
            {
                larger[i] = Math.Max(lTotal[i], rTotal[i]);
            }
            minValue = Truncation.KthLargest(larger, ends, first: 0, maxNodes);
        }

        var capacity = 64;
        var level = new int[capacity];
        var nameIds = new int[capacity];
        var leftTotal = new long[capacity];
        var leftSelf = new long[capacity];
        var rightTotal = new long[capacity];
        var rightSelf = new long[capacity];
        var leftX = new long[capacity];
        var rightX = new long[capacity];
        var end = new int[capacity];
        var rows = 0;
        long otherLeftSum = 0, otherRightSum = 0;

        var frames = new Frame[64];
        var top = 0;
        Emit(0, CallTree.RootNameId, lTotal[0], lSelf[0], rTotal[0], rSelf[0], 0, 0);
        frames[top++] = new Frame { Source = 0, Row = 0, NextChild = 1, LeftX = lSelf[0], RightX = rSelf[0] };
        while (top > 0)
        {
            ref var f = ref frames[top - 1];
            if (f.NextChild < ends[f.Source])
            {
                var c = f.NextChild;
                f.NextChild = ends[c];
                if (lTotal[c] >= minValue || rTotal[c] >= minValue)
                {
                    var row = rows;
                    var lx = f.LeftX;
                    var rx = f.RightX;
                    f.LeftX += lTotal[c];
                    f.RightX += rTotal[c];
                    Emit(level[f.Row] + 1, names[c], lTotal[c], lSelf[c], rTotal[c], rSelf[c], lx, rx);
                    if (top == frames.Length)
                    {
                        Array.Resize(ref frames, top * 2);
                    }
                    frames[top++] = new Frame { Source = c, Row = row, NextChild = c + 1, LeftX = lx + lSelf[c], RightX = rx + rSelf[c] };
                }
                else
                {
                    f.OtherLeft += lTotal[c];
                    f.OtherRight += rTotal[c];
                }
                continue;
            }
            if (f.OtherLeft != 0 || f.OtherRight != 0)
            {
                var row = rows;
                Emit(level[f.Row] + 1, OtherId, f.OtherLeft, f.OtherLeft, f.OtherRight, f.OtherRight, f.LeftX, f.RightX);
                end[row] = row + 1;
                otherLeftSum += f.OtherLeft;
                otherRightSum += f.OtherRight;
            }
            end[f.Row] = rows;
            top--;
        }
        return new DiffFlameGraph(tree, rows, level, nameIds, leftTotal, leftSelf, rightTotal, rightSelf, leftX, rightX, end,
            otherLeftSum, otherRightSum);

        void Emit(int lvl, int name, long lt, long ls, long rt, long rs, long lx, long rx)
        {
            if (rows == level.Length)
            {
                Columns.Double(rows, ref level, ref nameIds, ref leftTotal, ref leftSelf, ref rightTotal, ref rightSelf, ref leftX, ref rightX, ref end);
            }
            level[rows] = lvl;
            nameIds[rows] = name;
            leftTotal[rows] = lt;
            leftSelf[rows] = ls;
            rightTotal[rows] = rt;
            rightSelf[rows] = rs;
            leftX[rows] = lx;
            rightX[rows] = rx;
            rows++;
        }
    }

    internal string NameOf(int nameId) => nameId switch
    {
        CallTree.RootNameId => "total",
        OtherId => Truncation.OtherName,
        _ => Source.Names[nameId],
    };

    private struct Frame
    {
        public int Source;
        public int Row;
        public int NextChild;
        public long LeftX;
        public long RightX;
        public long OtherLeft;
        public long OtherRight;
    }
}
