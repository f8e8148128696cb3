using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Hotpath.Plugin.Grpc;

/// <summary>
/// gRPC's length-prefixed messages over an HTTP/2 stream: a 1-byte compressed flag, a 4-byte
/// big-endian length, then the message bytes.
/// </summary>
public static class GrpcFraming
{
    public const int HeaderSize = 5;

    /// <summary>
    /// Reads the next message. Returns null at a clean end of stream. Throws <see cref="GrpcException"/>
    /// for a message over <paramref name="maxSize"/> (RESOURCE_EXHAUSTED, checked from the length
    /// prefix before buffering anything), a truncated stream, or compression the call did not declare.
    /// </summary>
    public static async ValueTask<byte[]?> ReadMessageAsync(PipeReader reader, int maxSize, string? encoding, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= HeaderSize)
            {
                var (compressed, length) = ReadPrefix(buffer);
                if (length > maxSize)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new GrpcException(StatusCode.ResourceExhausted, $"grpc: received message larger than max ({length} vs. {maxSize})");
                }
                if (compressed > 1)
                {
                    throw new GrpcException(StatusCode.Internal, $"grpc: invalid compressed flag {compressed} in message prefix");
                }
                if (buffer.Length >= HeaderSize + length)
                {
                    var payload = buffer.Slice(HeaderSize, length).ToArray();
                    reader.AdvanceTo(buffer.GetPosition(HeaderSize + length));
                    return compressed == 1 ? Decompress(payload, encoding, maxSize) : payload;
                }
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.Length == 0)
                {
                    return null;
                }
                throw new GrpcException(StatusCode.Internal, $"grpc: request stream ended inside a message ({buffer.Length} bytes of an incomplete message)");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (byte Compressed, uint Length) ReadPrefix(ReadOnlySequence<byte> buffer)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        return (header[0], BinaryPrimitives.ReadUInt32BigEndian(header[1..]));
    }

    private static byte[] Decompress(byte[] payload, string? encoding, int maxSize)
    {
        if (encoding != "gzip")
        {
            throw new GrpcException(StatusCode.Internal, $"grpc: compressed message but grpc-encoding is '{encoding ?? "identity"}'");
        }
        using var input = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = input.Read(chunk)) > 0)
            {
                output.Write(chunk, 0, read);
                if (output.Length > maxSize)
                {
                    throw new GrpcException(StatusCode.ResourceExhausted, $"grpc: decompressed message larger than max ({maxSize})");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new GrpcException(StatusCode.Internal, $"grpc: corrupt gzip message: {e.Message}");
        }
        return output.ToArray();
    }

    /// <summary>Writes one uncompressed message; the caller flushes.</summary>
    public static void WriteMessage(PipeWriter writer, IMessage message)
    {
        var size = message.CalculateSize();
        var span = writer.GetSpan(HeaderSize + size);
        span[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
        message.WriteTo(span.Slice(HeaderSize, size));
        writer.Advance(HeaderSize + size);
    }
}
