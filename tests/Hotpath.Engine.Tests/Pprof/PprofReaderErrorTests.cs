using System.IO.Compression;
using FluentAssertions;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Pprof;

/// <summary>Each kind of broken input gets one clear error naming the source and the fault.</summary>
public sealed class PprofReaderErrorTests
{
    private const string Source = "bad.pb.gz";

    [Test]
    public void The_valid_base_profile_reads_with_inlined_frames_caller_first()
    {
        var profile = PprofReader.Read(ProtoBytes.Profile().ToArray(), Source);
        var merger = new ProfileMerger();
        merger.Add(profile, 0);
        Engine.Folded.FoldedFormat.Lines(merger.Stacks).Should().Equal("main;work 5");
    }

    [Test]
    public void Bad_string_index() =>
        ShouldFail(ProtoBytes.Profile(function: new ProtoBytes().Varint(1, 1).Varint(2, 99)), "bad string index 99 in function #0 name");

    [Test]
    public void Missing_location() =>
        ShouldFail(ProtoBytes.Profile(sample: new ProtoBytes().Packed(1, 7).Packed(2, 5)), "sample #0 refers to missing location id 7");

    [Test]
    public void Missing_function() =>
        ShouldFail(
            ProtoBytes.Profile(location: new ProtoBytes().Varint(1, 1).Message(4, new ProtoBytes().Varint(1, 9))),
            "location id 1 has a line with missing function id 9");

    [Test]
    public void Line_without_function() =>
        ShouldFail(
            ProtoBytes.Profile(location: new ProtoBytes().Varint(1, 1).Message(4, new ProtoBytes().Varint(2, 3))),
            "location id 1 has a line with no function");

    [Test]
    public void Varint_overflow() =>
        ShouldFail(new ProtoBytes().Raw(0x48).Raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01), "varint overflow");

    [Test]
    public void Varint_with_more_than_64_bits() =>
        ShouldFail(new ProtoBytes().Raw(0x48).Raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02), "varint overflow");

    [Test]
    public void Truncated_message()
    {
        var whole = ProtoBytes.Profile().ToArray();
        ShouldFail(whole[..(whole.Length / 2)], "truncated message");
    }

    [Test]
    public void Wrong_wire_type() =>
        ShouldFail(new ProtoBytes().Varint(1, 1).String(6, ""), "wrong wire type 0 for field 1, expected 2");

    [Test]
    public void Wrong_wire_type_on_a_scalar() =>
        ShouldFail(ProtoBytes.Profile(extra: p => p.String(9, "x")), "wrong wire type 2 for field 9, expected 0");

    [Test]
    public void Value_count_differs_from_sample_types() =>
        ShouldFail(ProtoBytes.Profile(sample: new ProtoBytes().Packed(1, 1).Packed(2, 5, 6)), "sample #0 has 2 values but the profile has 1 sample types");

    [Test]
    public void Duplicate_location_ids() =>
        ShouldFail(ProtoBytes.Profile(extra: p => p.Message(4, new ProtoBytes().Varint(1, 1))), "multiple locations with the same id 1");

    [Test]
    public void Reserved_function_id() =>
        ShouldFail(ProtoBytes.Profile(function: new ProtoBytes().Varint(2, 3)), "found function with reserved id 0");

    [Test]
    public void First_string_not_empty()
    {
        var bytes = new ProtoBytes().String(6, "x").ToArray();
        ShouldFail(bytes, "string_table[0] must be \"\"");
    }

    [Test]
    public void Empty_input() => ShouldFail([], "empty input");

    [Test]
    public void Text_input() => ShouldFail("main;work 5\nmain 3\n"u8.ToArray(), "input is text");

    [Test]
    public void Corrupt_gzip()
    {
        var gz = Gzip(ProtoBytes.Profile().ToArray());
        gz[12] ^= 0xFF;
        gz[13] ^= 0xFF;
        var act = () => PprofReader.Read(gz, Source);
        act.Should().Throw<PprofFormatException>().Which.Message.Should().StartWith(Source + ": ");
    }

    [Test]
    public void Truncated_gzip_stream()
    {
        var gz = Gzip(ProtoBytes.Profile().ToArray());
        ShouldFail(gz[..^6], "truncated gzip stream");
    }

    [Test]
    public void Decompression_bomb_is_refused_at_the_limit()
    {
        // 256 MiB of zeros compresses to about 256 KiB.
        var bomb = Gzip(new byte[256 * 1024 * 1024], CompressionLevel.SmallestSize);
        bomb.Length.Should().BeLessThan(1024 * 1024);
        var act = () => PprofReader.Read(bomb, Source);
        act.Should().Throw<PprofFormatException>().WithMessage($"{Source}: decompressed profile exceeds the limit of {64 * 1024 * 1024} bytes*");
    }

    [Test]
    public void The_limit_is_configurable()
    {
        var gz = Gzip(ProtoBytes.Profile().ToArray());
        var act = () => PprofReader.Read(gz, Source, new PprofReadOptions { MaxDecompressedBytes = 10 });
        act.Should().Throw<PprofFormatException>().WithMessage("*exceeds the limit of 10 bytes*");
        PprofReader.Read(gz, Source, new PprofReadOptions { MaxDecompressedBytes = 1000 }).SampleCount.Should().Be(1);

        var raw = ProtoBytes.Profile().ToArray();
        var rawAct = () => PprofReader.Read(raw, Source, new PprofReadOptions { MaxDecompressedBytes = 10 });
        rawAct.Should().Throw<PprofFormatException>().WithMessage($"{Source}: profile is {raw.Length} bytes, over the limit of 10 bytes");
    }

    [Test]
    public void Unpacked_repeated_fields_read_like_packed_ones()
    {
        var unpacked = ProtoBytes.Profile(sample: new ProtoBytes().Varint(1, 1).Varint(2, 5)).ToArray();
        var packed = ProtoBytes.Profile().ToArray();
        ProfileAssertions.ShouldBeSame(PprofReader.Read(unpacked, Source), PprofReader.Read(packed, Source));
    }

    [Test]
    public void Unknown_fields_are_skipped()
    {
        var profile = PprofReader.Read(ProtoBytes.Profile(extra: p => p.String(99, "future").Varint(98, 1)).ToArray(), Source);
        profile.SampleCount.Should().Be(1);
    }

    private static void ShouldFail(ProtoBytes bytes, string reason) => ShouldFail(bytes.ToArray(), reason);

    private static void ShouldFail(byte[] bytes, string reason)
    {
        var act = () => PprofReader.Read(bytes, Source);
        var e = act.Should().Throw<PprofFormatException>().Which;
        e.Message.Should().StartWith(Source + ": ").And.Contain(reason);
        e.Message.Should().NotContain("\n");
        e.Source.Should().Be(Source);
    }

    internal static byte[] Gzip(byte[] raw, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
        {
            gzip.Write(raw);
        }
        return output.ToArray();
    }
}
