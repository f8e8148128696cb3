using Hotpath.Engine.CallTrees;
using Hotpath.Engine.Collections;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Diff;

/// <summary>
/// Two call trees aligned into one shape (the union of their paths), with a baseline (left) and
/// a comparison (right) value per node — what Pyroscope's <c>combineTree</c> produces, stored
/// like <see cref="CallTree"/>: flat arrays in pre-order, node 0 the root, siblings in UTF-8
/// name order, a node missing on one side carrying zeros there.
/// </summary>
public sealed class DiffTree
{
    private readonly int[] _nameIds;
    private readonly long[] _leftTotal;
    private readonly long[] _leftSelf;
    private readonly long[] _rightTotal;
    private readonly long[] _rightSelf;
    private readonly int[] _depth;
    private readonly int[] _end;

    private DiffTree(NameTable names, int count, int[] nameIds, long[] leftTotal, long[] leftSelf, long[] rightTotal,
        long[] rightSelf, int[] depth, int[] end)
    {
        Names = names;
        Count = count;
        _nameIds = nameIds;
        _leftTotal = leftTotal;
        _leftSelf = leftSelf;
        _rightTotal = rightTotal;
        _rightSelf = rightSelf;
        _depth = depth;
        _end = end;
    }

    public NameTable Names { get; }
    public int Count { get; }
    public ReadOnlySpan<int> NameIds => _nameIds.AsSpan(0, Count);
    public ReadOnlySpan<long> LeftTotal => _leftTotal.AsSpan(0, Count);
    public ReadOnlySpan<long> LeftSelf => _leftSelf.AsSpan(0, Count);
    public ReadOnlySpan<long> RightTotal => _rightTotal.AsSpan(0, Count);
    public ReadOnlySpan<long> RightSelf => _rightSelf.AsSpan(0, Count);
    public ReadOnlySpan<int> Depth => _depth.AsSpan(0, Count);
    public ReadOnlySpan<int> SubtreeEnd => _end.AsSpan(0, Count);

    public string NameOf(int node) => _nameIds[node] < 0 ? string.Empty : Names[_nameIds[node]];

    /// <summary>Aligns <paramref name="left"/> and <paramref name="right"/> by merging sibling lists in name order.</summary>
    public static DiffTree Combine(CallTree left, CallTree right)
    {
        var names = new NameTable();
        var leftMap = NewMap(left.Names.Count);
        var rightMap = NewMap(right.Names.Count);
        var lEnd = left.SubtreeEnd;
        var rEnd = right.SubtreeEnd;

        var capacity = Math.Max(left.Count, right.Count) + 16;
        var nameIds = new int[capacity];
        var leftTotal = new long[capacity];
        var leftSelf = new long[capacity];
        var rightTotal = new long[capacity];
        var rightSelf = new long[capacity];
        var depth = new int[capacity];
        var end = new int[capacity];
        var rows = 0;

        var frames = new Frame[64];
        var top = 0;
        Emit(CallTree.RootNameId, 0, 0, 0);
        frames[top++] = new Frame { Row = 0, Left = 0, Right = 0, LeftNext = 1, RightNext = 1 };
        while (top > 0)
        {
            ref var f = ref frames[top - 1];
            var hasLeft = f.Left >= 0 && f.LeftNext < lEnd[f.Left];
            var hasRight = f.Right >= 0 && f.RightNext < rEnd[f.Right];
            if (!hasLeft && !hasRight)
            {
                end[f.Row] = rows;
                top--;
                continue;
            }
            int cmp;
            if (hasLeft && hasRight)
            {
                cmp = Utf8Order.Compare(left.NameOf(f.LeftNext), right.NameOf(f.RightNext));
            }
            else
            {
                cmp = hasLeft ? -1 : 1;
            }
            var l = cmp <= 0 ? f.LeftNext : -1;
            var r = cmp >= 0 ? f.RightNext : -1;
            if (l >= 0)
            {
                f.LeftNext = lEnd[l];
            }
            if (r >= 0)
            {
                f.RightNext = rEnd[r];
            }
            var name = l >= 0 ? Map(leftMap, left, l) : Map(rightMap, right, r);
            var row = rows;
            Emit(name, depth[f.Row] + 1, l, r);
            if (top == frames.Length)
            {
                Array.Resize(ref frames, top * 2);
            }
            frames[top++] = new Frame { Row = row, Left = l, Right = r, LeftNext = l + 1, RightNext = r + 1 };
        }
        return new DiffTree(names, rows, nameIds, leftTotal, leftSelf, rightTotal, rightSelf, depth, end);

        int Map(int[] map, CallTree tree, int node)
        {
            var source = tree.NameIds[node];
            if (map[source] < 0)
            {
                map[source] = names.Intern(tree.Names[source]);
            }
            return map[source];
        }

        void Emit(int name, int nodeDepth, int l, int r)
        {
            if (rows == nameIds.Length)
            {
                Columns.Double(rows, ref nameIds, ref leftTotal, ref leftSelf, ref rightTotal, ref rightSelf, ref depth, ref end);
            }
            nameIds[rows] = name;
            depth[rows] = nodeDepth;
            leftTotal[rows] = l >= 0 ? left.Total[l] : 0;
            leftSelf[rows] = l >= 0 ? left.Self[l] : 0;
            rightTotal[rows] = r >= 0 ? right.Total[r] : 0;
            rightSelf[rows] = r >= 0 ? right.Self[r] : 0;
            rows++;
        }
    }

    private static int[] NewMap(int size)
    {
        var map = new int[size];
        Array.Fill(map, -1);
        return map;
    }

    private struct Frame
    {
        public int Row;
        public int Left;
        public int Right;
        public int LeftNext;
        public int RightNext;
    }
}
