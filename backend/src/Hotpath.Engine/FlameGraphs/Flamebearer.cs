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

        var nameIndex = VisitOrderNames.Assign(graph.NameIds, graph.SubtreeEnd, id => NestedSetFlameGraph.NameOf(graph.Source, id), "total", out var names);
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
