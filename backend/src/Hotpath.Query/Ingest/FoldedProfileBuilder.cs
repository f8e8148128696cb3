using Hotpath.Engine.Folded;
using Hotpath.Engine.Model;
using Hotpath.Engine.Stacks;

namespace Hotpath.Query.Ingest;

/// <summary>
/// Turns folded stacks (<c>a;b;c 12</c>) or lines (<c>a;b;c</c>, one sample each) into a pprof
/// profile with the sample type the upload names. CPU and wall uploads with a sample rate become
/// <c>cpu</c>/<c>wall</c> nanoseconds (value × 1e9 / sampleRate), as Pyroscope converts them.
/// </summary>
public static class FoldedProfileBuilder
{
    /// <exception cref="IngestException">400 naming the line that is not folded text.</exception>
    public static Profile Build(string text, bool lines, FoldedProfileType type, int sampleRate, long timeNanos)
    {
        var stacks = new StackSetBuilder(new NameTable());
        try
        {
            if (lines)
            {
                ReadLines(text, stacks);
            }
            else
            {
                FoldedFormat.Read(text, "body", stacks);
            }
        }
        catch (FormatException e)
        {
            throw IngestException.BadParameter($"folded profile: {e.Message}");
        }
        var scaled = type.IsTimeBased && sampleRate > 0;
        var multiplier = scaled ? 1_000_000_000L / sampleRate : 1L;
        var sampleType = scaled ? (type.Name == "wall" ? "wall" : "cpu") : type.SampleType;
        var sampleUnit = scaled ? "nanoseconds" : type.SampleUnit;

        var strings = new List<string> { "", sampleType, sampleUnit };
        long periodTypeIndex = 0, periodUnitIndex = 0;
        if (scaled)
        {
            strings.Add("cpu");
            periodTypeIndex = strings.Count - 1;
            periodUnitIndex = 2;
        }
        var nameBase = strings.Count;
        var names = stacks.Names;
        for (var i = 0; i < names.Count; i++)
        {
            strings.Add(names[i]);
        }
        var functions = new Function[names.Count];
        var locations = new Location[names.Count];
        var lineTable = new Line[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var id = (ulong)(i + 1);
            functions[i] = new Function(id, nameBase + i, 0, 0, 0);
            lineTable[i] = new Line(id, 0, 0);
            locations[i] = new Location(id, 0, 0, i, 1, false);
        }
        var set = stacks.Stacks;
        var locationIds = new List<ulong>();
        var offsets = new List<int> { 0 };
        var values = new List<long>();
        for (var s = 0; s < set.Count; s++)
        {
            var value = set.ValueOf(s);
            if (value == 0)
            {
                continue;
            }
            var frames = set.FramesOf(s);
            for (var f = frames.Length - 1; f >= 0; f--)
            {
                locationIds.Add((ulong)(frames[f] + 1));
            }
            offsets.Add(locationIds.Count);
            values.Add(checked(value * multiplier));
        }
        var profile = new Profile
        {
            Strings = [.. strings],
            SampleTypes = [new TypeAndUnit(1, 2)],
            SampleLocationIds = [.. locationIds],
            SampleLocationOffsets = [.. offsets],
            SampleValues = [.. values],
            SampleLabelOffsets = new int[offsets.Count],
            Locations = locations,
            Lines = lineTable,
            Functions = functions,
            TimeNanos = timeNanos,
            PeriodType = new TypeAndUnit(periodTypeIndex, periodUnitIndex),
            Period = multiplier,
        };
        ProfileValidator.Validate(profile, "folded upload");
        return profile;
    }

    private static void ReadLines(string text, StackSetBuilder into)
    {
        var frames = new List<int>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }
            frames.Clear();
            foreach (var frame in line.Split(';'))
            {
                frames.Add(into.Names.Intern(frame));
            }
            into.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(frames), 1);
        }
    }
}
