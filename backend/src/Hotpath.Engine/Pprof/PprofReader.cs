using Hotpath.Engine.Model;

namespace Hotpath.Engine.Pprof;

/// <summary>Reads pprof profiles from bytes: gzip or raw protobuf, decoded, validated and linked.</summary>
public static class PprofReader
{
    /// <param name="data">The file's bytes.</param>
    /// <param name="source">Name used in error messages (usually the file path).</param>
    /// <exception cref="PprofFormatException">The input is not a valid pprof profile; the message says why.</exception>
    public static Profile Read(ReadOnlyMemory<byte> data, string source, PprofReadOptions? options = null)
    {
        options ??= PprofReadOptions.Default;
        if (data.Length == 0)
        {
            throw new PprofFormatException(source, "empty input");
        }
        // The inflated message is only needed while decoding (the model copies what it keeps).
        var message = Decompression.InflatePooled(data, source, options.MaxDecompressedBytes, out var rented);
        try
        {
            if (message.Length == 0)
            {
                throw new PprofFormatException(source, "empty profile after decompression");
            }
            RefuseText(message.Span, source);
            var profile = PprofDecoder.Decode(message.Span, source);
            ProfileValidator.Validate(profile, source);
            return profile;
        }
        finally
        {
            Decompression.ReturnPooled(rented);
        }
    }

    /// <summary>
    /// Whether uncompressed bytes look like text rather than protobuf: the first 64 bytes are printable
    /// ASCII, tabs, line ends or UTF-8 lead/continuation bytes (under 8 bytes, they must also be one
    /// folded line such as <c>main 5</c>). A pprof message cannot
    /// look like that, because its first field's length or value byte is a small control byte.
    /// </summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> message)
    {
        var probe = message[..Math.Min(message.Length, 64)];
        if (probe.Length == 0)
        {
            return false;
        }
        if (probe.Length < 8)
        {
            // Too short to judge by bytes alone (a few printable bytes can be a valid message): text
            // only when it is a whole folded line, "frames value".
            var line = probe.TrimEnd("\r\n"u8);
            var space = line.LastIndexOf((byte)' ');
            if (space <= 0 || space == line.Length - 1)
            {
                return false;
            }
            var value = line[(space + 1)..];
            if (value[0] == (byte)'-')
            {
                value = value[1..];
            }
            if (value.IsEmpty || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
            {
                return false;
            }
        }
        foreach (var b in probe)
        {
            if (b is < 0x09 or (> 0x0d and < 0x20) or 0x7f)
            {
                return false;
            }
        }
        return true;
    }

    // Legacy text profiles and folded stacks would otherwise fail deep in the wire decoder with a
    // message about field numbers; say what the input looks like instead.
    private static void RefuseText(ReadOnlySpan<byte> message, string source)
    {
        if (LooksLikeText(message))
        {
            throw new PprofFormatException(source, "not a pprof protobuf: input is text (legacy text profiles and folded stacks are not pprof)");
        }
    }
}
