namespace Hotpath.Engine.FlameGraphs;

/// <summary>The flamebearer's <c>levels</c>: one flat array of fixed-size tuples per depth.</summary>
internal static class LevelRows
{
    /// <summary>
    /// Allocates, for rows at the given depths, one zeroed array per depth with room for
    /// <paramref name="tupleSize"/> values per row at that depth. <paramref name="cursor"/> holds
    /// one zero per depth, for filling each level left to right.
    /// </summary>
    public static long[][] Allocate(ReadOnlySpan<int> level, int tupleSize, out int[] cursor)
    {
        var depth = 0;
        foreach (var l in level)
        {
            depth = Math.Max(depth, l + 1);
        }
        var perLevel = new int[depth];
        foreach (var l in level)
        {
            perLevel[l]++;
        }
        var levels = new long[depth][];
        for (var d = 0; d < depth; d++)
        {
            levels[d] = new long[perLevel[d] * tupleSize];
        }
        cursor = new int[depth];
        return levels;
    }
}
