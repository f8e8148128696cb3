namespace Hotpath.Store.Storage.Symbols;

/// <summary>
/// The compact sample rows of one profile row: (stack id, value) pairs sorted by stack id, stored
/// as one blob — count, then per row the stack id's delta from the previous row and the value
/// zig-zagged, all varints. A merge reads these blobs only, never the original pprof.
/// </summary>
internal static class SampleRows
{
    public static byte[] Encode(ReadOnlySpan<long> sortedStackIds, ReadOnlySpan<long> values)
    {
        var bytes = new List<byte>(sortedStackIds.Length * 4 + 4);
        Varints.Write(bytes, (ulong)sortedStackIds.Length);
        long previous = 0;
        for (var i = 0; i < sortedStackIds.Length; i++)
        {
            Varints.Write(bytes, (ulong)(sortedStackIds[i] - previous));
            Varints.Write(bytes, Varints.ZigZag(values[i]));
            previous = sortedStackIds[i];
        }
        return [.. bytes];
    }

    /// <summary>Adds every row of <paramref name="blob"/> into <paramref name="sums"/> (stack id → value).</summary>
    public static void AddTo(ReadOnlySpan<byte> blob, Dictionary<long, long> sums)
    {
        var pos = 0;
        var count = (long)Varints.Read(blob, ref pos);
        long stack = 0;
        for (long i = 0; i < count; i++)
        {
            stack += (long)Varints.Read(blob, ref pos);
            var value = Varints.UnZigZag(Varints.Read(blob, ref pos));
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, stack, out _);
            slot += value;
        }
    }

    /// <summary>
    /// The sum of the values of the rows whose stack <paramref name="keep"/> accepts. A sum past the
    /// 64-bit range throws <see cref="OverflowException"/> rather than wrapping.
    /// </summary>
    public static long SumWhere(ReadOnlySpan<byte> blob, Func<long, bool> keep)
    {
        var pos = 0;
        var count = (long)Varints.Read(blob, ref pos);
        long stack = 0;
        long sum = 0;
        for (long i = 0; i < count; i++)
        {
            stack += (long)Varints.Read(blob, ref pos);
            var value = Varints.UnZigZag(Varints.Read(blob, ref pos));
            if (value != 0 && keep(stack))
            {
                sum = checked(sum + value);
            }
        }
        return sum;
    }
}
