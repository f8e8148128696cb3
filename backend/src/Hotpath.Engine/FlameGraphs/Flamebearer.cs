using Hotpath.Engine.CallTrees;

namespace Hotpath.Engine.FlameGraphs;

/// <summary>
/// Pyroscope's flame graph encoding (<c>querier.v1.FlameGraph</c>, the flamebearer): a name list
/// and, per depth, a flat list of 4-tuples <c>[x delta, total, self, name index]</c>.
/// </summary>
/// <remarks>
/// Byte-for-byte what Pyroscope's <c>NewFlameGraph</c> returns: the same kept nodes as
/// <see cref="NestedSetFlameGraph"/>; within a level, tuples in ascending x, where a node's span
/// starts with its self part and children follow in name order, "other" last; x is
/// delta-encoded per level (<c>delta = x - prev; prev = x + total</c>). <c>names[0]</c> is "total"
/// and the rest are interned in Pyroscope's visiting order: a depth-first walk that takes the
/// last child first (its stack pops children in reverse). A frame named "total" shares index 0.
/// <c>MaxSelf</c> is the largest self of any emitted node, "other" included.
/// </remarks>
public sealed class Flamebearer
{
    public const int TupleSize = 4;

    private Flamebearer(IReadOnlyList<string> names, long[][] levels, long total, long maxSelf, double truncatedFraction)
    {
        Names = names;
        Levels = levels;
        Total = total;
        MaxSelf = maxSelf;
        TruncatedFraction = truncatedFraction;
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>One array per depth (0 = root), 4 values per node, x delta-encoded.</summary>
    public IReadOnlyList<long[]> Levels { get; }

    public long Total { get; }
    public long MaxSelf { get; }

    /// <summary>Fraction of the total folded into "other" nodes (not part of Pyroscope's message).</summary>
    public double TruncatedFraction { get; }

    public static Flamebearer Build(CallTree tree, long maxNodes) => From(NestedSetFlameGraph.Build(tree, maxNodes));

    public static Flamebearer From(NestedSetFlameGraph graph)
    {
        var count = graph.Count;
        var level = graph.Level;
        var total = graph.Value;
        var self = graph.Self;
        var x = graph.X;

        var levels = LevelRows.Allocate(level, TupleSize, out var perLevel);

        var nameIndex = VisitOrderNames(graph, out var names);
        long maxSelf = 0;
        // Pre-order meets the nodes of one level left to right, which is ascending x.
        for (var i = 0; i < count; i++)
        {
            var values = levels[level[i]];
            var at = perLevel[level[i]]++ * TupleSize;
            values[at] = x[i];
            values[at + 1] = total[i];
            values[at + 2] = self[i];
            values[at + 3] = nameIndex[i];
            maxSelf = Math.Max(maxSelf, self[i]);
        }
        foreach (var values in levels)
        {
            DeltaEncode(values, 0, TupleSize);
        }
        return new Flamebearer(names, levels, graph.Total, maxSelf, graph.TruncatedFraction);
    }

    /// <summary>
    /// Name index per row, interning names in the order Pyroscope's stack visits nodes: a
    /// depth-first walk that pushes children in ascending order and so pops the last one first.
    /// </summary>
    private static int[] VisitOrderNames(NestedSetFlameGraph graph, out List<string> names)
    {
        var count = graph.Count;
        var ids = graph.NameIds;
        var end = graph.SubtreeEnd;
        var tree = graph.Source;
        var indexOfRow = new int[count];
        names = new List<string>();
        var byString = new Dictionary<string, int>(StringComparer.Ordinal);
        var byId = new Dictionary<int, int>();

        var stack = new int[Math.Max(count, 1)];
        var top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var row = stack[--top];
            var id = ids[row];
            if (!byId.TryGetValue(id, out var index))
            {
                // Pyroscope keys its cache by name; the first node (the root) is renamed "total"
                // and cached under that name.
                var name = NestedSetFlameGraph.NameOf(tree, id);
                if (!byString.TryGetValue(name, out index))
                {
                    index = names.Count;
                    names.Add(name);
                    byString.Add(name, index);
                }
                byId.Add(id, index);
            }
            indexOfRow[row] = index;
            for (var c = row + 1; c < end[row]; c = end[c])
            {
                stack[top++] = c;
            }
        }
        return indexOfRow;
    }

    internal static void DeltaEncode(long[] values, int start, int step)
    {
        long prev = 0;
        for (var i = start; i < values.Length; i += step)
        {
            var x = values[i];
            values[i] = x - prev;
            prev = x + values[i + 1];
        }
    }
}
