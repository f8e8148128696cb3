using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using FluentAssertions;
using Hotpath.Plugin.Grpc;
using Hotpath.Plugin.Protocol.PluginV2;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Grpc;

public class GrpcFramingTests
{
    private const int Max = 1024;

    private static byte[] Frame(byte[] payload, byte compressed = 0, uint? length = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), length ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Feeds bytes into a pipe in pieces of <paramref name="piece"/> bytes, as a network would.</summary>
    private static PipeReader Feed(byte[] bytes, int piece = int.MaxValue)
    {
        var pipe = new Pipe();
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < bytes.Length; i += piece)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(piece, bytes.Length - i)));
            }
            await pipe.Writer.CompleteAsync();
        });
        return pipe.Reader;
    }

    private static ValueTask<byte[]?> Read(PipeReader reader, string? encoding = null) =>
        GrpcFraming.ReadMessageAsync(reader, Max, encoding, CancellationToken.None);

    [TestCase(int.MaxValue)]
    [TestCase(1)]
    [TestCase(3)]
    public async Task Read_MessagesSplitAnywhere_ComeBackWholeAndInOrder(int piece)
    {
        var first = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var second = "second"u8.ToArray();
        var reader = Feed([.. Frame(first), .. Frame([]), .. Frame(second)], piece);

        (await Read(reader)).Should().Equal(first);
        (await Read(reader)).Should().BeEmpty();
        (await Read(reader)).Should().Equal(second);
        (await Read(reader)).Should().BeNull("a clean end of stream has no message");
    }

    [Test]
    public async Task Read_LengthOverTheLimit_IsResourceExhaustedBeforeThePayloadArrives()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Frame([], length: Max + 1));

        var act = async () => await Read(pipe.Reader);

        (await act.Should().ThrowAsync<GrpcException>()).Which.Should().Match<GrpcException>(e =>
            e.Status == StatusCode.ResourceExhausted && e.Message == $"grpc: received message larger than max ({Max + 1} vs. {Max})");
    }

    [TestCase(new byte[] { 0, 0, 0 }, "ended inside a message (3 bytes")]
    [TestCase(new byte[] { 0, 0, 0, 0, 9, 1, 2 }, "ended inside a message (7 bytes")]
    public async Task Read_TruncatedStream_IsInternalSayingHowMuchArrived(byte[] bytes, string expected)
    {
        var act = async () => await Read(Feed(bytes));

        (await act.Should().ThrowAsync<GrpcException>()).Which.Message.Should().Contain(expected);
    }

    [Test]
    public async Task Read_GzipCompressedWithDeclaredEncoding_IsDecompressed()
    {
        var payload = Enumerable.Repeat((byte)'a', 500).ToArray();

        (await Read(Feed(Frame(Gzip(payload), compressed: 1)), "gzip")).Should().Equal(payload);
    }

    [Test]
    public async Task Read_CompressedFlagWithoutEncoding_IsInternal()
    {
        var act = async () => await Read(Feed(Frame(Gzip([1, 2, 3]), compressed: 1)));

        (await act.Should().ThrowAsync<GrpcException>()).Which.Message.Should().Contain("grpc-encoding is 'identity'");
    }

    [Test]
    public async Task Read_CorruptGzip_IsInternal()
    {
        var act = async () => await Read(Feed(Frame([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff], compressed: 1)), "gzip");

        (await act.Should().ThrowAsync<GrpcException>()).Which.Should().Match<GrpcException>(e => e.Status == StatusCode.Internal && e.Message.Contains("corrupt gzip"));
    }

    [Test]
    public async Task Read_GzipBombOverTheLimit_IsRefused()
    {
        var bomb = Gzip(new byte[Max * 100]);
        bomb.Length.Should().BeLessThan(Max, "the compressed message itself fits");

        var act = async () => await Read(Feed(Frame(bomb, compressed: 1)), "gzip");

        (await act.Should().ThrowAsync<GrpcException>()).Which.Status.Should().Be(StatusCode.ResourceExhausted);
    }

    [Test]
    public async Task Read_InvalidCompressedFlag_IsInternal()
    {
        var act = async () => await Read(Feed(Frame([1], compressed: 7)));

        (await act.Should().ThrowAsync<GrpcException>()).Which.Message.Should().Contain("invalid compressed flag 7");
    }

    [Test]
    public async Task Write_ThenRead_RoundTripsAProtobufMessage()
    {
        var pipe = new Pipe();
        var message = new CallResourceResponse { Code = 207, Body = Google.Protobuf.ByteString.CopyFromUtf8("hello") };

        GrpcFraming.WriteMessage(pipe.Writer, message);
        await pipe.Writer.CompleteAsync();

        var bytes = await GrpcFraming.ReadMessageAsync(pipe.Reader, Max, null, CancellationToken.None);
        CallResourceResponse.Parser.ParseFrom(bytes).Should().Be(message);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
