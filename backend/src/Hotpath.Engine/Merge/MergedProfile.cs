using Hotpath.Engine.Collections;
using Hotpath.Engine.Model;
using Hotpath.Engine.Stacks;

namespace Hotpath.Engine.Merge;

/// <summary>What a merged selection measured, for the header of the profile made from it.</summary>
public sealed record MergedProfileHeader(string SampleType, string SampleUnit)
{
    public string PeriodType { get; init; } = "";
    public string PeriodUnit { get; init; } = "";
    public long Period { get; init; }
    public long TimeNanos { get; init; }
    public long DurationNanos { get; init; }
}

/// <summary>
/// Turns merged stacks back into a pprof profile: one function and one single-line location per
/// distinct frame name, one sample per non-zero stack (leaf first, as pprof wants). Reading the
/// result and merging it again gives the same stacks.
/// </summary>
public static class MergedProfile
{
    public static Profile Build(StackSet stacks, MergedProfileHeader header)
    {
        var strings = new NameTable(stacks.Names.Count + 8);
        strings.Intern("");
        var type = new TypeAndUnit(strings.Intern(header.SampleType), strings.Intern(header.SampleUnit));
        var periodType = header.PeriodType.Length == 0 && header.PeriodUnit.Length == 0
            ? default
            : new TypeAndUnit(strings.Intern(header.PeriodType), strings.Intern(header.PeriodUnit));

        // Frame name id → location/function id (1-based), assigned in first-use order.
        var idOfName = new int[stacks.Names.Count];
        using var functions = new ArrayBuilder<Function>(stacks.Names.Count);
        using var locationIds = new ArrayBuilder<ulong>(stacks.Count * 8);
        using var offsets = new ArrayBuilder<int>(stacks.Count + 1);
        using var values = new ArrayBuilder<long>(stacks.Count);
        offsets.Add(0);
        for (var s = 0; s < stacks.Count; s++)
        {
            var value = stacks.ValueOf(s);
            if (value == 0)
            {
                continue;
            }
            var frames = stacks.FramesOf(s);
            for (var f = frames.Length - 1; f >= 0; f--)
            {
                ref var id = ref idOfName[frames[f]];
                if (id == 0)
                {
                    functions.Add(new Function((ulong)functions.Count + 1, strings.Intern(stacks.Names[frames[f]]), 0, 0, 0));
                    id = functions.Count;
                }
                locationIds.Add((ulong)id);
            }
            offsets.Add(locationIds.Count);
            values.Add(value);
        }

        var locations = new Location[functions.Count];
        var lines = new Line[functions.Count];
        for (var i = 0; i < locations.Length; i++)
        {
            locations[i] = new Location((ulong)i + 1, 0, 0, i, 1, false);
            lines[i] = new Line((ulong)i + 1, 0, 0);
        }
        var stringArray = new string[strings.Count];
        for (var i = 0; i < stringArray.Length; i++)
        {
            stringArray[i] = strings[i];
        }

        var profile = new Profile
        {
            Strings = stringArray,
            SampleTypes = [type],
            SampleLocationIds = locationIds.ToArray(),
            SampleLocationOffsets = offsets.ToArray(),
            SampleValues = values.ToArray(),
            SampleLabelOffsets = new int[offsets.Count],
            Locations = locations,
            Lines = lines,
            Functions = functions.ToArray(),
            PeriodType = periodType,
            Period = header.Period,
            TimeNanos = header.TimeNanos,
            DurationNanos = header.DurationNanos,
        };
        ProfileValidator.Validate(profile, "merged profile");
        return profile;
    }
}
