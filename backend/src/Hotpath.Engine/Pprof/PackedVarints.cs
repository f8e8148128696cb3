using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hotpath.Engine.Pprof;

/// <summary>
/// Decodes a packed run of varints. Sample location ids and values are most of a profile's bytes
/// and almost all of them are 1–3 byte varints, so those are decoded inline; anything longer goes
/// through <see cref="WireReader"/> with its full checks.
/// </summary>
internal static class PackedVarints
{
    /// <summary>Decodes all of <paramref name="payload"/> into <paramref name="target"/> (room for one per byte); returns the count.</summary>
    /// <param name="offset">Absolute offset of <paramref name="payload"/>, for error messages.</param>
    public static int Decode(ReadOnlySpan<byte> payload, Span<ulong> target, int offset)
    {
        if (target.Length < payload.Length)
        {
            throw new ArgumentException("target needs room for one value per payload byte", nameof(target));
        }
        ref var bytes = ref MemoryMarshal.GetReference(payload);
        ref var values = ref MemoryMarshal.GetReference(target);
        var length = payload.Length;
        var i = 0;
        var n = 0;
        while (i < length)
        {
            uint b0 = Unsafe.Add(ref bytes, i);
            if (b0 < 0x80)
            {
                Unsafe.Add(ref values, n++) = b0;
                i++;
                continue;
            }
            if (length - i >= 3)
            {
                uint b1 = Unsafe.Add(ref bytes, i + 1);
                if (b1 < 0x80)
                {
                    Unsafe.Add(ref values, n++) = (b0 & 0x7F) | (b1 << 7);
                    i += 2;
                    continue;
                }
                uint b2 = Unsafe.Add(ref bytes, i + 2);
                if (b2 < 0x80)
                {
                    Unsafe.Add(ref values, n++) = (b0 & 0x7F) | ((b1 & 0x7F) << 7) | (b2 << 14);
                    i += 3;
                    continue;
                }
            }
            i += Long(payload, i, offset, out Unsafe.Add(ref values, n++));
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Long(ReadOnlySpan<byte> payload, int at, int offset, out ulong value)
    {
        var reader = new WireReader(payload[at..], offset + at);
        value = reader.ReadVarint();
        return reader.Offset - (offset + at);
    }
}
