using System.Numerics;
using System.Runtime.InteropServices;

namespace Hotpath.Store.Storage.Integrity;

/// <summary>
/// CRC-32C checksums of stored rows, written beside each row and verified whenever the row is read,
/// so a flipped byte in a blob, a total or a name is reported as damage instead of answered as data.
/// Each kind of row starts from its own seed: a row copied into another table does not verify.
/// CRC-32C runs on the CPU's CRC instruction where there is one (SSE 4.2, ARMv8 CRC).
/// </summary>
internal static class Checksums
{
    private const uint ProfileSeed = 0x50524F46; // "PROF"
    private const uint HeadSeed = 0x48454144;    // "HEAD"
    private const uint StackSeed = 0x53544143;   // "STAC"
    private const uint NameSeed = 0x4E414D45;    // "NAME"
    private const uint SeriesSeed = 0x53455249;  // "SERI"
    private const uint UploadSeed = 0x55504C44;  // "UPLD"

    /// <summary>A whole profile row: every column a query can read.</summary>
    public static long Profile(long seriesId, long timeNs, long durationNs, long period, long total, ReadOnlySpan<byte> samples)
    {
        var crc = Long(Long(Long(Long(Long(ProfileSeed, seriesId), timeNs), durationNs), period), total);
        return Bytes(crc, samples);
    }

    /// <summary>The columns of the covering index SelectSeries reads (the check lives in that index too).</summary>
    public static long ProfileHead(long seriesId, long timeNs, long total) => Long(Long(Long(HeadSeed, seriesId), timeNs), total);

    public static long Stack(long hash, ReadOnlySpan<byte> frames) => Bytes(Long(StackSeed, hash), frames);

    public static long Name(string name) => Text(NameSeed, name);

    public static long Series(string profileType, string labels) => Text(Text(SeriesSeed, profileType), labels);

    public static long Upload(ReadOnlySpan<byte> body) => Bytes(UploadSeed, body);

    private static uint Long(uint crc, long value) => BitOperations.Crc32C(crc, (ulong)value);

    private static uint Text(uint crc, string text) =>
        Bytes(Long(crc, text.Length), MemoryMarshal.AsBytes(text.AsSpan()));

    private static uint Bytes(uint crc, ReadOnlySpan<byte> data)
    {
        crc = Long(crc, data.Length);
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, MemoryMarshal.Read<ulong>(data));
            data = data[8..];
        }
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return crc;
    }
}
