using System.IO.Compression;

namespace Hotpath.Query.Ingest;

/// <summary>
/// Inflates a gzip body, stopping as soon as the output passes a limit, so a decompression bomb
/// costs at most the limit in memory.
/// </summary>
public static class BoundedGzip
{
    public sealed class TooLargeException() : Exception("decompressed size over the limit");

    /// <exception cref="TooLargeException">More than <paramref name="maxBytes"/> of output.</exception>
    /// <exception cref="InvalidDataException">Not gzip, corrupt, or cut off.</exception>
    public static byte[] Inflate(ReadOnlyMemory<byte> data, long maxBytes)
    {
        if (data.Length < 18 || data.Span[0] != 0x1f || data.Span[1] != 0x8b)
        {
            throw new InvalidDataException("gzip: invalid header");
        }
        using var gzip = new GZipStream(new MemoryStream(data.ToArray(), writable: false), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new TooLargeException();
            }
            output.Write(chunk, 0, read);
        }
        // GZipStream stops quietly at the end of a cut-off stream; the trailer's size field (length
        // mod 2^32) tells a whole single-member stream from a truncated one.
        var trailer = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data.Span[^4..]);
        if (trailer != (uint)output.Length)
        {
            throw new InvalidDataException("gzip: unexpected EOF (inflated size does not match the trailer)");
        }
        return output.ToArray();
    }
}
