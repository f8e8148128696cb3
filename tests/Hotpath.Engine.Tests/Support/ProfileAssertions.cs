using FluentAssertions;
using Hotpath.Engine.Model;

namespace Hotpath.Engine.Tests.Support;

public static class ProfileAssertions
{
    /// <summary>Every field of <paramref name="actual"/> equals <paramref name="expected"/>'s.</summary>
    public static void ShouldBeSame(Profile actual, Profile expected)
    {
        actual.Strings.Should().Equal(expected.Strings);
        actual.SampleTypes.Should().Equal(expected.SampleTypes);
        actual.SampleLocationIds.Should().Equal(expected.SampleLocationIds);
        actual.SampleLocationOffsets.Should().Equal(expected.SampleLocationOffsets);
        actual.SampleValues.Should().Equal(expected.SampleValues);
        actual.SampleLabels.Should().Equal(expected.SampleLabels);
        actual.SampleLabelOffsets.Should().Equal(expected.SampleLabelOffsets);
        actual.Mappings.Should().Equal(expected.Mappings);
        actual.Locations.Should().Equal(expected.Locations);
        actual.Lines.Should().Equal(expected.Lines);
        actual.Functions.Should().Equal(expected.Functions);
        actual.Comments.Should().Equal(expected.Comments);
        (actual.DropFrames, actual.KeepFrames, actual.TimeNanos, actual.DurationNanos, actual.PeriodType, actual.Period, actual.DefaultSampleType, actual.DocUrl)
            .Should().Be((expected.DropFrames, expected.KeepFrames, expected.TimeNanos, expected.DurationNanos, expected.PeriodType, expected.Period, expected.DefaultSampleType, expected.DocUrl));
    }
}
