namespace Hotpath.Engine.Collections;

/// <summary>
/// The one growth rule for the builders' tables (call-tree truncation, the kept-nodes table, the
/// nested-set and diff flame graphs, the diff tree): a table is parallel arrays, one per column, filled
/// row by row, and when a row does not fit every column doubles together. The row-writing path stays
/// in each builder (plain array stores); only growing, which happens a logarithmic number of times,
/// goes through here.
/// </summary>
internal static class Columns
{
    /// <summary>Capacity after <paramref name="rows"/> rows filled the columns.</summary>
    private static int Doubled(int rows) => Math.Max(rows * 2, 4);

    public static void Double<T1, T2, T3, T4, T5>(int rows, ref T1[] c1, ref T2[] c2, ref T3[] c3, ref T4[] c4, ref T5[] c5)
    {
        var size = Doubled(rows);
        Array.Resize(ref c1, size);
        Array.Resize(ref c2, size);
        Array.Resize(ref c3, size);
        Array.Resize(ref c4, size);
        Array.Resize(ref c5, size);
    }

    public static void Double<T1, T2, T3, T4, T5, T6>(int rows, ref T1[] c1, ref T2[] c2, ref T3[] c3, ref T4[] c4, ref T5[] c5, ref T6[] c6)
    {
        Double(rows, ref c1, ref c2, ref c3, ref c4, ref c5);
        Array.Resize(ref c6, Doubled(rows));
    }

    public static void Double<T1, T2, T3, T4, T5, T6, T7>(int rows, ref T1[] c1, ref T2[] c2, ref T3[] c3, ref T4[] c4, ref T5[] c5, ref T6[] c6, ref T7[] c7)
    {
        Double(rows, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6);
        Array.Resize(ref c7, Doubled(rows));
    }

    public static void Double<T1, T2, T3, T4, T5, T6, T7, T8, T9>(int rows, ref T1[] c1, ref T2[] c2, ref T3[] c3, ref T4[] c4, ref T5[] c5, ref T6[] c6, ref T7[] c7, ref T8[] c8, ref T9[] c9)
    {
        Double(rows, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
        Array.Resize(ref c8, Doubled(rows));
        Array.Resize(ref c9, Doubled(rows));
    }
}
