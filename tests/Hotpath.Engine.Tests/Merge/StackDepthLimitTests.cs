using FluentAssertions;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Merge;

public sealed class StackDepthLimitTests
{
    /// <summary>One location with <paramref name="lines"/> inlined lines, listed <paramref name="repeats"/> times in one sample.</summary>
    private static byte[] InlinedBomb(int lines, int repeats)
    {
        var location = new ProtoBytes().Varint(1, 1).Varint(3, 0x1000);
        for (var i = 0; i < lines; i++)
        {
            location.Message(4, new ProtoBytes().Varint(1, 1).Varint(2, (ulong)i));
        }
        var ids = Enumerable.Repeat(1UL, repeats).ToArray();
        return ProtoBytes.Profile(sample: new ProtoBytes().Packed(1, ids).Packed(2, 5), location: location).ToArray();
    }

    [Test]
    public void A_few_bytes_that_expand_past_the_depth_limit_are_refused_naming_the_sample()
    {
        var bytes = InlinedBomb(lines: 1000, repeats: 200);
        var profile = PprofReader.Read(bytes, "bomb.pb");

        var act = () => new ProfileMerger().Add(profile, 0, "bomb.pb");

        act.Should().Throw<PprofFormatException>()
            .WithMessage($"bomb.pb: sample 0 expands to a stack of 200000 frames, over the limit of {ProfileMerger.MaxStackDepth}");
    }

    [Test]
    public void A_deep_stack_within_the_limit_is_merged_whole()
    {
        var profile = PprofReader.Read(InlinedBomb(lines: 100, repeats: 50), "deep.pb");
        var merger = new ProfileMerger();

        merger.Add(profile, 0, "deep.pb");

        merger.Stacks.Count.Should().Be(1);
        merger.Stacks.FramesOf(0).Length.Should().Be(5000);
        merger.Stacks.ValueOf(0).Should().Be(5);
    }
}

public sealed class ValueOverflowTests
{
    [Test]
    public void Sums_past_the_64_bit_range_are_refused_not_wrapped()
    {
        var max = unchecked((ulong)long.MaxValue);
        var bytes = ProtoBytes.Profile(extra: p => p.Message(2, new ProtoBytes().Packed(1, 1).Packed(2, max))).ToArray();
        var profile = PprofReader.Read(bytes, "big.pb");

        var act = () => new ProfileMerger().Add(profile, 0, "big.pb");

        act.Should().Throw<PprofFormatException>().WithMessage("big.pb: sample 1: the summed value of its stack overflows a 64-bit integer");
    }
}
