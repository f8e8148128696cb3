namespace Hotpath.Store.Storage.Symbols;

/// <summary>LEB128 varints, the encoding of stack frames and sample rows in blobs.</summary>
internal static class Varints
{
    public static void Write(List<byte> into, ulong value)
    {
        while (value >= 0x80)
        {
            into.Add((byte)(value | 0x80));
            value >>= 7;
        }
        into.Add((byte)value);
    }

    public static ulong Read(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if ((uint)pos >= (uint)data.Length)
            {
                throw new DamagedRowException("a stored blob ends inside a varint");
            }
            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
            shift += 7;
            if (shift > 63)
            {
                throw new DamagedRowException("a varint longer than 64 bits in a stored blob");
            }
        }
    }

    public static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    public static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);
}
