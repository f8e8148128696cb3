using Hotpath.Engine.FlameGraphs;

namespace Hotpath.Engine.Diff;

/// <summary>
/// Pyroscope's diff flame graph encoding (<c>querier.v1.FlameGraphDiff</c>): per level, 7-tuples
/// <c>[left x delta, left total, left self, right x delta, right total, right self, name index]</c>,
/// with each side's x delta-encoded on its own. <c>Total</c> = left + right totals;
/// <c>MaxSelf</c> is the largest self of either side over the emitted nodes.
/// </summary>
/// <remarks>
/// Names are interned in the same last-child-first visiting order as single flame graphs, but
/// keyed as Pyroscope's diff does: the root is cached under the empty name (so a frame named ""
/// shares index 0 and a frame named "total" gets its own), and "other" frames share one index.
/// </remarks>
public sealed class DiffFlamebearer
{
    public const int TupleSize = 7;

    private DiffFlamebearer(IReadOnlyList<string> names, long[][] levels, long leftTicks, long rightTicks, long maxSelf,
        double truncatedFraction)
    {
        Names = names;
        Levels = levels;
        LeftTicks = leftTicks;
        RightTicks = rightTicks;
        MaxSelf = maxSelf;
        TruncatedFraction = truncatedFraction;
    }

    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<long[]> Levels { get; }
    public long Total => LeftTicks + RightTicks;
    public long LeftTicks { get; }
    public long RightTicks { get; }
    public long MaxSelf { get; }
    public double TruncatedFraction { get; }

    public static DiffFlamebearer From(DiffFlameGraph graph)
    {
        var count = graph.Count;
        var level = graph.Level;
        var levels = LevelRows.Allocate(level, TupleSize, out var perLevel);

        var nameIndex = FlameGraphs.VisitOrderNames.Assign(graph.NameIds, graph.SubtreeEnd, graph.NameOf, "", out var names);
        var lx = graph.LeftX;
        var rx = graph.RightX;
        var lt = graph.Value;
        var ls = graph.Self;
        var rt = graph.ValueRight;
        var rs = graph.SelfRight;
        long maxSelf = 0;
        for (var i = 0; i < count; i++)
        {
            var values = levels[level[i]];
            var at = perLevel[level[i]]++ * TupleSize;
            values[at] = lx[i];
            values[at + 1] = lt[i];
            values[at + 2] = ls[i];
            values[at + 3] = rx[i];
            values[at + 4] = rt[i];
            values[at + 5] = rs[i];
            values[at + 6] = nameIndex[i];
            maxSelf = Math.Max(maxSelf, Math.Max(ls[i], rs[i]));
        }
        foreach (var values in levels)
        {
            Flamebearer.DeltaEncode(values, 0, TupleSize);
            Flamebearer.DeltaEncode(values, 3, TupleSize);
        }
        return new DiffFlamebearer(names, levels, graph.LeftTotal, graph.RightTotal, maxSelf, graph.TruncatedFraction);
    }
}
