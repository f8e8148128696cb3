using System.Text;
using System.Text.Json;

namespace Hotpath.Plugin.Cli;

/// <summary>Lets a <see cref="Utf8JsonWriter"/> write into a <see cref="TextWriter"/> (UTF-8 in, text out).</summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private char[] _chars = new char[4096];

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => writer.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var needed = _decoder.GetCharCount(buffer, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[needed];
        }
        var written = _decoder.GetChars(buffer, _chars, flush: false);
        writer.Write(_chars, 0, written);
    }
}
