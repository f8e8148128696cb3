namespace Hotpath.Engine.Model;

/// <summary>
/// One pprof profile (<c>perftools.profiles.Profile</c>) held in flat arrays: every message of the file,
/// nothing dropped, nothing merged. String-valued fields are indices into <see cref="Strings"/>.
/// </summary>
/// <remarks>
/// Sample <c>i</c> has location ids <c>SampleLocationIds[SampleLocationOffsets[i]..SampleLocationOffsets[i+1]]</c>
/// (leaf first, as in the file), values <c>SampleValues[i*SampleTypes.Length ..]</c> (one per sample type)
/// and labels <c>SampleLabels[SampleLabelOffsets[i]..SampleLabelOffsets[i+1]]</c>.
/// A profile is usable by the algorithms once <see cref="ProfileValidator.Validate"/> has checked it and
/// resolved ids to array positions (the reader does this; builders call it themselves).
/// </remarks>
public sealed class Profile
{
    public required string[] Strings { get; init; }
    public TypeAndUnit[] SampleTypes { get; init; } = [];
    public ulong[] SampleLocationIds { get; init; } = [];
    public int[] SampleLocationOffsets { get; init; } = [0];
    public long[] SampleValues { get; init; } = [];
    public Label[] SampleLabels { get; init; } = [];
    public int[] SampleLabelOffsets { get; init; } = [0];
    public Mapping[] Mappings { get; init; } = [];
    public Location[] Locations { get; init; } = [];
    public Line[] Lines { get; init; } = [];
    public Function[] Functions { get; init; } = [];
    public long DropFrames { get; init; }
    public long KeepFrames { get; init; }
    public long TimeNanos { get; init; }
    public long DurationNanos { get; init; }
    public TypeAndUnit PeriodType { get; init; }
    public long Period { get; init; }
    public long[] Comments { get; init; } = [];
    public long DefaultSampleType { get; init; }
    public long DocUrl { get; init; }

    public int SampleCount => SampleLocationOffsets.Length - 1;

    public ReadOnlySpan<ulong> LocationIdsOf(int sample) =>
        SampleLocationIds.AsSpan(SampleLocationOffsets[sample], SampleLocationOffsets[sample + 1] - SampleLocationOffsets[sample]);

    public ReadOnlySpan<long> ValuesOf(int sample) => SampleValues.AsSpan(sample * SampleTypes.Length, SampleTypes.Length);

    public ReadOnlySpan<Label> LabelsOf(int sample) =>
        SampleLabels.AsSpan(SampleLabelOffsets[sample], SampleLabelOffsets[sample + 1] - SampleLabelOffsets[sample]);

    public ReadOnlySpan<Line> LinesOf(in Location location) => Lines.AsSpan(location.FirstLine, location.LineCount);

    public string String(long index) => Strings[index];

    public string SampleTypeName(int index) => Strings[SampleTypes[index].Type];

    public string SampleTypeUnit(int index) => Strings[SampleTypes[index].Unit];

    // Filled by ProfileValidator: ids resolved to array positions, so hot loops index instead of hashing.
    internal IdIndex? LocationIndex { get; set; }
    internal int[]? LineFunctionIndexes { get; set; }

    public bool IsValidated => LocationIndex is not null;

    /// <summary>
    /// The sample type a viewer shows first: <see cref="DefaultSampleType"/> when it names one of the
    /// sample types, otherwise the last one (the pprof convention). -1 when there are no sample types.
    /// </summary>
    public int DefaultSampleTypeIndex()
    {
        if (DefaultSampleType != 0)
        {
            var name = Strings[DefaultSampleType];
            for (var i = 0; i < SampleTypes.Length; i++)
            {
                if (Strings[SampleTypes[i].Type] == name)
                {
                    return i;
                }
            }
        }
        return SampleTypes.Length - 1;
    }

    /// <summary>Index of the sample type named <paramref name="name"/> (<c>type</c> or <c>type/unit</c>), or -1.</summary>
    public int SampleTypeIndex(string name)
    {
        var slash = name.IndexOf('/');
        for (var i = 0; i < SampleTypes.Length; i++)
        {
            var type = Strings[SampleTypes[i].Type];
            if (slash < 0 ? type == name : name == type + "/" + Strings[SampleTypes[i].Unit])
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Array position of location <paramref name="id"/> (validated profiles only; -1 if absent).</summary>
    internal int LocationIndexOf(ulong id) => (LocationIndex ?? throw NotValidated()).Find(id);
    internal int[] ResolvedLineFunctions => LineFunctionIndexes ?? throw NotValidated();

    private static InvalidOperationException NotValidated() =>
        new("the profile has not been validated; call ProfileValidator.Validate first");
}
