using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Merge;

public sealed class GroupingTests
{
    // Strings: 0 "", 1 cpu, 2 nanoseconds, 3 main, 4 work, 5 region, 6 eu, 7 us, 8 tier, 9 gold, 10 "region" again.
    private static ProtoBytes Sample(ulong value, params (ulong Key, ulong Str)[] labels)
    {
        var sample = new ProtoBytes().Packed(1, 1).Packed(2, value);
        foreach (var (key, str) in labels)
        {
            sample.Message(3, new ProtoBytes().Varint(1, key).Varint(2, str));
        }
        return sample;
    }

    [Test]
    public void Groups_by_several_labels_match_keys_by_text_and_keep_every_sample()
    {
        var bytes = ProtoBytes.Profile(sample: Sample(1, (5, 6), (8, 9)), extra: p =>
        {
            foreach (var s in (string[])["region", "eu", "us", "tier", "gold", "region"])
            {
                p.String(6, s);
            }
            p.Message(2, Sample(2, (10, 6), (8, 9)));  // the same key through a duplicate string
            p.Message(2, Sample(4, (5, 7)));            // no tier
            p.Message(2, Sample(8));                    // no labels
        }).ToArray();
        var profile = PprofReader.Read(bytes, "labels");

        var merger = new ProfileMerger(groupBy: ["region", "tier"]);
        merger.Add(profile, 0);

        merger.Groups.Select(g => (string.Join("|", g.LabelValues), FoldedFormat.Lines(g.Stacks).Single()))
            .Should().Equal(("eu|gold", "main;work 3"), ("us|", "main;work 4"), ("|", "main;work 8"));
    }

    [Test]
    public void Groups_by_one_label()
    {
        var bytes = ProtoBytes.Profile(sample: Sample(1, (5, 6)), extra: p =>
        {
            foreach (var s in (string[])["region", "eu", "us"])
            {
                p.String(6, s);
            }
            p.Message(2, Sample(2, (5, 7)));
            p.Message(2, Sample(4, (5, 6)));
        }).ToArray();
        var merger = new ProfileMerger(groupBy: ["region"]);
        merger.Add(PprofReader.Read(bytes, "labels"), 0);
        merger.Groups.Select(g => (g.LabelValues[0], g.Stacks.ValueOf(0))).Should().Equal(("eu", 5L), ("us", 2L));
    }
}
