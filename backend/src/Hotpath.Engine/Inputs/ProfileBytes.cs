using System.Text;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Model;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Inputs;

/// <summary>A profile as a user hands it over: a pprof profile, or folded stacks (exactly one is set).</summary>
public sealed record LoadedProfile(Profile? Pprof, StackSet? Folded);

/// <summary>
/// Reads a profile file's bytes whatever its form: pprof (gzip or raw protobuf) or folded stacks
/// (UTF-8, or UTF-16 with a byte-order mark, either possibly gzipped), told apart by their bytes.
/// </summary>
public static class ProfileBytes
{
    /// <summary>
    /// Throws <see cref="PprofFormatException"/> or <see cref="FormatException"/> with a message naming
    /// <paramref name="source"/> and what is wrong; decompression stops at <paramref name="maxDecompressedBytes"/>.
    /// </summary>
    public static LoadedProfile Load(ReadOnlyMemory<byte> bytes, string source, NameTable names, long maxDecompressedBytes = PprofReadOptions.DefaultMaxDecompressedBytes)
    {
        var head = Decompression.Peek(bytes, 64);
        if (IsUtf16(head) || PprofReader.LooksLikeText(head))
        {
            var text = Decompression.Inflate(bytes, source, maxDecompressedBytes);
            var builder = new StackSetBuilder(names);
            FoldedFormat.Read(DecodeText(text.Span), source, builder);
            return new LoadedProfile(null, builder.Stacks);
        }
        return new LoadedProfile(PprofReader.Read(bytes, source, new PprofReadOptions { MaxDecompressedBytes = maxDecompressedBytes }), null);
    }

    /// <summary>
    /// The stacks of one sample type (by name; null: the profile's default, else its last). Folded
    /// stacks have one unnamed value, so a sample type must not be asked of them.
    /// </summary>
    public static StackSet Stacks(LoadedProfile profile, string? sampleType, string source, NameTable names)
    {
        if (profile.Folded is { } folded)
        {
            if (sampleType is not null)
            {
                throw new FormatException($"{source}: folded stacks have no sample types (asked for '{sampleType}')");
            }
            return folded;
        }
        var merger = new ProfileMerger(names);
        merger.Add(profile.Pprof!, SampleTypeChoice.Resolve(profile.Pprof!, sampleType, source), source);
        return merger.Stacks;
    }

    private static bool IsUtf16(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    private static string DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }
        return Encoding.UTF8.GetString(bytes);
    }
}
