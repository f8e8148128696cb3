using FluentAssertions;
using Hotpath.Engine.Folded;
using Hotpath.Engine.Merge;
using Hotpath.Engine.Pprof;
using Hotpath.Engine.Tests.Support;
using NUnit.Framework;

namespace Hotpath.Engine.Tests.Merge;

public sealed class MergedProfileTests
{
    [TestCase("grafana-pyroscope/pkg/pprof/testdata/heap", "inuse_space")]
    [TestCase("google-pprof/internal/proftest/testdata/large.cpu", "cpu")]
    public void Exported_merged_pprof_reads_back_to_the_same_stacks(string file, string sampleType)
    {
        var profile = PprofReader.Read(CorpusFiles.Read(file), file);
        var t = SampleTypeChoice.Resolve(profile, sampleType, file);
        var merger = new ProfileMerger();
        merger.Add(profile, t);

        var exported = PprofWriter.Write(MergedProfile.Build(merger.Stacks, new MergedProfileHeader(sampleType, profile.SampleTypeUnit(t))
        {
            PeriodType = profile.Strings[profile.PeriodType.Type],
            PeriodUnit = profile.Strings[profile.PeriodType.Unit],
            Period = profile.Period,
        }));
        var back = PprofReader.Read(exported, "exported");
        back.SampleTypeName(0).Should().Be(sampleType);
        back.Period.Should().Be(profile.Period);
        var again = new ProfileMerger();
        again.Add(back, 0);
        FoldedFormat.Lines(again.Stacks).Should().Equal(FoldedFormat.Lines(merger.Stacks));
    }
}
