using System.Buffers.Binary;
using System.IO.Compression;

namespace Hotpath.Engine.Pprof;

/// <summary>Tells gzip from raw bytes by the gzip magic number and inflates with a size limit.</summary>
public static class Decompression
{
    public static bool IsGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;

    /// <summary>
    /// The uncompressed bytes of <paramref name="data"/>: itself when it is not gzip, else its inflated
    /// content (all members of a multi-member stream).
    /// </summary>
    /// <exception cref="PprofFormatException">Corrupt gzip, or more than <paramref name="maxBytes"/> of output.</exception>
    public static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> data, string source, long maxBytes)
    {
        if (!IsGzip(data.Span))
        {
            if (data.Length > maxBytes)
            {
                throw new PprofFormatException(source, $"profile is {data.Length} bytes, over the limit of {maxBytes} bytes");
            }
            return data;
        }

        using var input = new ReadOnlyMemoryStream(data);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        // Compressed pprof is typically 4-10x smaller; start there and grow.
        var buffer = new byte[(int)Math.Min(maxBytes + 1, Math.Max(4096L, data.Length * 6L))];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        break;
                    }
                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
                }
                var read = gzip.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
        }
        catch (InvalidDataException e)
        {
            throw new PprofFormatException(source, $"corrupt gzip stream: {e.Message}");
        }
        catch (EndOfStreamException)
        {
            throw new PprofFormatException(source, "truncated gzip stream");
        }
        if (length > maxBytes)
        {
            throw new PprofFormatException(source, $"decompressed profile exceeds the limit of {maxBytes} bytes (possible decompression bomb)");
        }
        // GZipStream ends quietly at the end of a cut-off stream; the trailer's size field (length
        // mod 2^32) tells a whole stream from a truncated one. pprof writers emit one gzip member.
        if (data.Length < 18 || BinaryPrimitives.ReadUInt32LittleEndian(data.Span[^4..]) != (uint)length)
        {
            throw new PprofFormatException(source, "truncated gzip stream (inflated size does not match the gzip trailer)");
        }
        return buffer.AsMemory(0, length);
    }

    /// <summary>A read-only stream over memory, so inflating needs no copy of the input.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
