using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Hotpath.Engine.Pprof;

/// <summary>More output than the limit while inflating: a decompression bomb, or simply too large.</summary>
public sealed class DecompressedTooLargeException(long limit) : Exception($"decompressed size exceeds the limit of {limit} bytes")
{
    public long Limit { get; } = limit;
}

/// <summary>Tells gzip from raw bytes by the gzip magic number and inflates with a size limit.</summary>
public static class Decompression
{
    public static bool IsGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;

    /// <summary>
    /// The uncompressed bytes of <paramref name="data"/>: itself when it is not gzip, else its inflated
    /// content. A gzip stream of several members (or with bytes after its member) is refused: a cut-off
    /// stream is told from a whole one by the last 4 bytes, the size field of a single member's trailer.
    /// </summary>
    /// <exception cref="PprofFormatException">Corrupt gzip, or more than <paramref name="maxBytes"/> of output.</exception>
    public static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> data, string source, long maxBytes)
    {
        if (!IsGzip(data.Span))
        {
            CheckRawSize(data.Length, source, maxBytes);
            return data;
        }
        var buffer = InflateGzip(data, source, maxBytes, pooled: false, out var length);
        return buffer.AsMemory(0, length);
    }

    /// <summary>
    /// Up to <paramref name="count"/> leading bytes of the uncompressed content, inflating only that
    /// much of a gzip stream (for sniffing what a file holds).
    /// </summary>
    public static byte[] Peek(ReadOnlyMemory<byte> data, int count)
    {
        if (!IsGzip(data.Span))
        {
            return data.Span[..Math.Min(count, data.Length)].ToArray();
        }
        using var gzip = new GZipStream(new ReadOnlyMemoryStream(data), CompressionMode.Decompress);
        var head = new byte[count];
        var length = 0;
        try
        {
            int read;
            while (length < count && (read = gzip.Read(head, length, count - length)) > 0)
            {
                length += read;
            }
        }
        catch (InvalidDataException)
        {
            // Corrupt streams are reported by the full read that follows.
        }
        return head[..length];
    }

    /// <summary>
    /// Like <see cref="Inflate"/>, but gzip output goes to a pooled buffer that the caller returns
    /// with <see cref="ReturnPooled"/> (<paramref name="rented"/> is null when nothing was rented).
    /// </summary>
    internal static ReadOnlyMemory<byte> InflatePooled(ReadOnlyMemory<byte> data, string source, long maxBytes, out byte[]? rented)
    {
        rented = null;
        if (!IsGzip(data.Span))
        {
            CheckRawSize(data.Length, source, maxBytes);
            return data;
        }
        rented = InflateGzip(data, source, maxBytes, pooled: true, out var length);
        return rented.AsMemory(0, length);
    }

    internal static void ReturnPooled(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void CheckRawSize(int length, string source, long maxBytes)
    {
        if (length > maxBytes)
        {
            throw new PprofFormatException(source, $"profile is {length} bytes, over the limit of {maxBytes} bytes");
        }
    }

    /// <summary>
    /// The inflated content of the single-member gzip stream <paramref name="data"/>, stopping as soon as
    /// the output passes <paramref name="maxBytes"/>, so a decompression bomb costs at most the limit.
    /// The one bounded inflater: pprof files, pushed raw profiles and Connect bodies all go through it.
    /// </summary>
    /// <exception cref="DecompressedTooLargeException">More than <paramref name="maxBytes"/> of output.</exception>
    /// <exception cref="InvalidDataException">Not gzip, corrupt, cut off, or of several members.</exception>
    public static byte[] InflateGzip(ReadOnlyMemory<byte> data, long maxBytes)
    {
        var buffer = InflateCore(data, maxBytes, pooled: false, out var length);
        return length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray();
    }

    private static byte[] InflateGzip(ReadOnlyMemory<byte> data, string source, long maxBytes, bool pooled, out int length)
    {
        try
        {
            return InflateCore(data, maxBytes, pooled, out length);
        }
        catch (DecompressedTooLargeException)
        {
            throw new PprofFormatException(source, $"decompressed profile exceeds the limit of {maxBytes} bytes (possible decompression bomb)");
        }
        catch (InvalidDataException e)
        {
            throw new PprofFormatException(source, e.Message);
        }
    }

    private static byte[] InflateCore(ReadOnlyMemory<byte> data, long maxBytes, bool pooled, out int length)
    {
        if (!IsGzip(data.Span))
        {
            throw new InvalidDataException("not a gzip stream (no gzip magic number)");
        }
        using var input = new ReadOnlyMemoryStream(data);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        // Compressed pprof is typically 4-10x smaller; start there and grow.
        var buffer = Allocate((int)Math.Min(maxBytes + 1, Math.Max(4096L, data.Length * 6L)), pooled);
        length = 0;
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
                    var bigger = Allocate((int)Math.Min(maxBytes + 1, (long)buffer.Length * 2), pooled);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    Release(buffer, pooled);
                    buffer = bigger;
                }
                var read = gzip.Read(buffer, length, (int)Math.Min(buffer.Length, maxBytes + 1) - length);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
        }
        catch (Exception e)
        {
            Release(buffer, pooled);
            throw e switch
            {
                InvalidDataException => new InvalidDataException($"corrupt gzip stream: {e.Message}", e),
                EndOfStreamException => new InvalidDataException("truncated gzip stream", e),
                _ => e,
            };
        }
        if (length > maxBytes)
        {
            Release(buffer, pooled);
            throw new DecompressedTooLargeException(maxBytes);
        }
        // GZipStream ends quietly at the end of a cut-off stream; the trailer's size field (length
        // mod 2^32) tells a whole stream from a truncated one. pprof writers emit one gzip member.
        if (data.Length < 18 || BinaryPrimitives.ReadUInt32LittleEndian(data.Span[^4..]) != (uint)length)
        {
            Release(buffer, pooled);
            throw new InvalidDataException("truncated gzip stream (inflated size does not match the gzip trailer; streams of several gzip members are not supported)");
        }
        return buffer;
    }

    private static byte[] Allocate(int size, bool pooled) => pooled ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];

    private static void Release(byte[] buffer, bool pooled)
    {
        if (pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
